// Uploads that wait out a lost connection (issue 15, item 1): while the browser says it is offline
// nothing is sent and no attempt is spent, the parts S3 confirmed stay done, those cut mid-flight
// are sent again, and the upload carries on once it is back. On the in-process S3 with a network
// status the test switches, so every step is seen and nothing waits on a timer.
import { describe, expect, it } from 'vitest';
import { S3NetworkError, S3UploadError, uploadToS3, type NetworkStatus, type UploadState } from '../../src/s3/index';
import { createPool } from '../../src/s3/pool';
import { createUploadLimiter } from '../../src/s3/limiter';
import type { RetryDelay } from '../../src/shared/retry';
import { rejectionOf } from '../helpers/rejection';
import { bytes, gate, MiB, quiet, stubOptions, stubS3, type StubS3 } from './stub-s3';

/** A network status the test sets; `quietly` changes it without the event, as a request can fail before 'offline' is fired. */
function testNetwork(online = true) {
  const listeners = new Set<() => void>();
  const network: NetworkStatus & { set(online: boolean): void; quietly(online: boolean): void; readonly listeners: number } = {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(now) {
      online = now;
      [...listeners].forEach((l) => l());
    },
    quietly(now) {
      online = now;
    },
    get listeners() {
      return listeners.size;
    },
  };
  return network;
}

/** What S3 stored under the key equals the body, byte for byte. */
const same = (stub: StubS3, key: string, body: Uint8Array) => expect(Buffer.compare(stub.objects.get(key)!, body)).toBe(0);

/** An upload on the stub with a switchable network, recording every state it is told of. */
function start(stub: StubS3, network: NetworkStatus, body: Uint8Array, more: Parameters<typeof stubOptions>[1] = {}) {
  const states: UploadState[] = [];
  const up = uploadToS3(stubOptions(stub, { body, partSize: 5 * MiB, network, onStateChange: (s) => states.push(s), ...more }));
  return { up, states };
}

describe('offline mid-upload', () => {
  it('waits in waiting-for-network, sends nothing while offline, and completes byte-identical once online', async () => {
    const stub = stubS3();
    const network = testNetwork();
    const hold = gate();
    // Part 1 lands; parts 2 and 3 hang on the wire until the test opens the gate.
    stub.before = (r) => (r.action === 'UploadPart' && r.partNumber! > 1 ? hold.wait() : undefined);
    const body = bytes(21 * MiB);
    const { up, states } = start(stub, network, body, { concurrency: 2 });
    await stub.until(() => stub.count('UploadPart') === 3 && stub.inFlight === 2);

    network.set(false);
    expect(up.state).toBe('waiting-for-network');
    expect(states).toEqual(['waiting-for-network']);
    await quiet();
    // The two parts in flight were cut (sent again later, whole); nothing else left.
    expect(stub.seen.filter((r) => r.aborted).map((r) => r.partNumber)).toEqual([2, 3]);
    const sent = stub.seen.length;
    hold.open();
    await quiet();
    expect(stub.seen.length).toBe(sent);

    network.set(true);
    const result = await up.done;
    expect(states).toEqual(['waiting-for-network', 'running', 'done']);
    expect(result.key).toBe('file.bin');
    same(stub, 'file.bin', body);
    // Part 1 was sent once: S3 had it, so it stayed done.
    expect(stub.seen.filter((r) => r.partNumber === 1)).toHaveLength(1);
    expect(stub.uploads.size).toBe(0);
    expect(network.listeners).toBe(0); // a settled upload stops listening
  });

  it('spends no attempt on failures while the browser says offline: maxAttempts 2 and ten of them still completes', async () => {
    const stub = stubS3();
    const network = testNetwork();
    let failures = 0;
    // Part 2 fails ten times as the connection drops, before the 'offline' event has come; the
    // network is back a turn later.
    stub.before = (r) => {
      if (r.action !== 'UploadPart' || r.partNumber !== 2 || failures === 10) return;
      failures++;
      network.quietly(false);
      setImmediate(() => network.set(true));
      throw new S3NetworkError('The request to S3 failed (network error, or refused by CORS)');
    };
    const body = bytes(11 * MiB);
    const { up } = start(stub, network, body, { maxAttempts: 2, concurrency: 1 });
    await up.done;
    expect(failures).toBe(10);
    expect(stub.seen.filter((r) => r.partNumber === 2)).toHaveLength(11);
    same(stub, 'file.bin', body);
  });

  it('the same failures while online spend the attempts: maxAttempts 2 fails on the second', async () => {
    const stub = stubS3();
    const network = testNetwork();
    stub.before = (r) => {
      if (r.action === 'UploadPart' && r.partNumber === 2) throw new S3NetworkError('The request to S3 failed');
    };
    const { up } = start(stub, network, bytes(11 * MiB), { maxAttempts: 2, concurrency: 1 });
    const e = await rejectionOf(up.done, S3UploadError);
    expect(e.partNumber).toBe(2);
    expect(stub.seen.filter((r) => r.partNumber === 2)).toHaveLength(2);
  });

  it('offline from the start: not even CreateMultipartUpload leaves until the network is back', async () => {
    const stub = stubS3();
    const network = testNetwork(false);
    const body = bytes(6 * MiB);
    const { up, states } = start(stub, network, body);
    expect(up.state).toBe('waiting-for-network');
    await quiet();
    expect(stub.seen).toEqual([]);
    network.set(true);
    await up.done;
    expect(states).toEqual(['running', 'done']);
    same(stub, 'file.bin', body);
  });

  it('a single PUT cut by going offline is sent again, whole, once online', async () => {
    const stub = stubS3();
    const network = testNetwork();
    const hold = gate();
    stub.before = () => hold.wait();
    const body = bytes(1000);
    const { up } = start(stub, network, body);
    await stub.until(() => stub.inFlight === 1);
    network.set(false);
    await quiet();
    expect(stub.seen[0].aborted).toBe(true);
    hold.open();
    network.set(true);
    await up.done;
    expect(stub.count('PutObject')).toBe(2);
    same(stub, 'file.bin', body);
  });
});

describe('pause and abort while waiting for the network', () => {
  it('a pause outlasts the network coming back; a resume while offline waits for it', async () => {
    const stub = stubS3();
    const network = testNetwork();
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
    const body = bytes(11 * MiB);
    const { up, states } = start(stub, network, body);
    await stub.until(() => stub.inFlight === 3);
    network.set(false);
    up.pause();
    expect(up.state).toBe('paused');
    network.set(true);
    expect(up.state).toBe('paused'); // the user's pause stands
    network.set(false);
    up.resume();
    expect(up.state).toBe('waiting-for-network'); // resumed, but nowhere to send
    hold.open();
    await quiet();
    const sent = stub.seen.length;
    network.set(true);
    await up.done;
    expect(stub.seen.length).toBeGreaterThan(sent);
    expect(states).toEqual(['waiting-for-network', 'paused', 'waiting-for-network', 'running', 'done']);
    same(stub, 'file.bin', body);
  });

  it('abort while waiting: aborted at once, AbortMultipartUpload sent once online, nothing left', async () => {
    const stub = stubS3();
    const network = testNetwork();
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
    const { up, states } = start(stub, network, bytes(11 * MiB));
    await stub.until(() => stub.inFlight === 3);
    network.set(false);
    let aborted = false;
    const aborting = up.abort().then(() => (aborted = true));
    expect(up.state).toBe('aborted');
    expect(states).toEqual(['waiting-for-network', 'aborted']);
    hold.open();
    await quiet();
    expect(stub.count('AbortMultipartUpload')).toBe(0); // nowhere to send it yet
    expect(aborted).toBe(false);
    network.set(true);
    await aborting;
    await expect(up.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.count('AbortMultipartUpload')).toBe(1);
    expect(stub.uploads.size).toBe(0);
    expect(stub.count('CompleteMultipartUpload')).toBe(0);
  });
});

describe('credentials after a spell offline', () => {
  it('credentials that expired meanwhile are not used: the provider is asked with forceRefresh before the first request', async () => {
    const stub = stubS3();
    const network = testNetwork();
    let now = Date.parse('2030-01-01T00:00:00Z');
    const old = { accessKeyId: 'AKIDOLD', secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + 15 * 60_000) };
    const fresh = { accessKeyId: 'AKIDNEW', secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + 4 * 3600_000) };
    const asked: (boolean | undefined)[] = [];
    // A provider that caches and hands its credentials back until told to refresh.
    const credentials = (o?: { forceRefresh?: boolean }) => (asked.push(o?.forceRefresh), Promise.resolve(o?.forceRefresh ? fresh : old));
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' && r.partNumber === 2 ? hold.wait() : undefined);
    const { up } = start(stub, network, bytes(11 * MiB), { credentials, now: () => now, concurrency: 1 });
    await stub.until(() => stub.inFlight === 1 && stub.count('UploadPart') === 2);
    network.set(false);
    now += 2 * 3600_000; // two hours offline
    hold.open();
    const before = stub.seen.length;
    network.set(true);
    await up.done;
    const after = stub.seen.slice(before).map((r) => /Credential=(\w+)\//.exec(r.headers.authorization)![1]);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set(['AKIDNEW']));
    expect(asked).toContain(true);
  });
});

describe('status-0 failures while the browser says online', () => {
  it('once the attempts are spent, fail with a hint that promises no resume the upload cannot make', async () => {
    const stub = stubS3();
    stub.before = () => {
      throw new S3NetworkError('The request to S3 failed');
    };
    const up = uploadToS3(stubOptions(stub, { body: bytes(10), network: testNetwork(), maxAttempts: 2 })); // no resumeKey
    const e = await rejectionOf(up.done, S3NetworkError);
    expect(stub.count('PutObject')).toBe(2);
    expect(e.hint).toBe('Check the connection and start the upload again (with the same resumeKey, only the missing parts are sent).');
    expect(e.hint).not.toMatch(/can be resumed/);
  });

  it('are told to retryDelay as network failures (whose default backoff is longer: test/shared/retry.test.ts)', async () => {
    const stub = stubS3();
    let failures = 0;
    stub.before = (r) => {
      if (r.action === 'PutObject' && failures++ < 2) throw new S3NetworkError('The request to S3 failed');
    };
    const delays: Parameters<RetryDelay>[] = [];
    const up = uploadToS3(stubOptions(stub, { body: bytes(10), network: testNetwork(), retryDelay: (...a) => (delays.push(a), 0) }));
    await up.done;
    expect(delays).toEqual([
      [1, false, true],
      [2, false, true],
    ]);
  });
});

describe('the pool holds for the network as for a pause', () => {
  it('offline cuts the jobs in flight and starts none; online runs them again; the two holds stay apart', async () => {
    const pool = createPool(createUploadLimiter(2));
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const jobs = [0, 1, 2].map(
      (i) => (signal: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          started.push(i);
          finish[i] = resolve;
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        }),
    );
    const done = pool.run(jobs);
    await quiet();
    expect(pool.offline()).toBe(true);
    expect(pool.offline()).toBe(false);
    expect(pool.state).toBe('waiting');
    await quiet();
    expect(started).toEqual([0, 1]);
    expect(pool.pause()).toBe(true);
    expect(pool.online()).toBe(true);
    expect(pool.state).toBe('paused');
    await quiet();
    expect(started).toEqual([0, 1]);
    expect(pool.resume()).toBe(true);
    expect(pool.state).toBe('running');
    await quiet();
    expect(started).toEqual([0, 1, 0, 1]);
    finish[0]();
    finish[1]();
    await quiet();
    finish[2]();
    await done;
    expect(started).toEqual([0, 1, 0, 1, 2]);
  });
});
