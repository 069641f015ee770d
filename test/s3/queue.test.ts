// The upload queue on the in-process S3: one limit of requests in flight across every file (parts,
// single PUTs and the multipart calls alike), files started in order as the limit has room,
// progress per file and for the batch, pause/resume/cancel per file and for all, retry, keys from
// folder paths, and resume after a reload from the same resume store.
import { describe, expect, it } from 'vitest';
import {
  createUploadQueue,
  memoryResumeStore,
  S3ServiceException,
  S3ValidationError,
  type NetworkStatus,
  type QueueItem,
  type QueueSnapshot,
  type UploadQueueOptions,
} from '../../src/s3/index';
import { BUCKET, bytes, ENDPOINT, gate, MiB, quiet, s3Error, stubS3, type StubS3 } from './stub-s3';

/** Queue options aimed at the stub, with fixed credentials and no retry delay. */
const queueOptions = (stub: StubS3, more: Partial<UploadQueueOptions> = {}): UploadQueueOptions => ({
  bucket: BUCKET,
  region: 'us-east-1',
  endpoint: ENDPOINT,
  credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' },
  transport: stub.transport,
  retryDelay: () => 0,
  ...more,
});

/** `n` Files of `size` random bytes, named f000.bin, f001.bin, ... */
const filesOf = (n: number, size: number, lastModified = 1) =>
  Array.from({ length: n }, (_, i) => new File([bytes(size)], `f${String(i).padStart(3, '0')}.bin`, { lastModified }));

const same = async (stored: Uint8Array | undefined, file: Blob) =>
  expect(stored && Buffer.compare(stored, new Uint8Array(await file.arrayBuffer()))).toBe(0);

const statuses = (s: QueueSnapshot) => s.items.map((i) => i.status);

describe('one limit across files', () => {
  it('50 small files: one PUT each, started in order, never more in flight than the limit, and the limit reached', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = () => hold.wait();
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 4 }));
    const files = filesOf(50, 1024);
    // Files start first added, first started: at every change the ones still queued are the last ones.
    const outOfOrder: string[][] = [];
    queue.subscribe(() => {
      const s = statuses(queue.getSnapshot());
      if (s.slice(s.indexOf('queued')).some((x) => x !== 'queued') && s.includes('queued')) outOfOrder.push(s);
    });
    queue.add(files);
    await stub.until(() => stub.inFlight === 4);
    await quiet();
    // Only as many uploads started as the limit has room for: the rest wait, untouched.
    expect(statuses(queue.getSnapshot()).filter((s) => s === 'uploading')).toHaveLength(4);
    // (Each signs on its own, so they may arrive in another order.)
    expect(stub.seen.map((r) => r.key).sort()).toEqual(['f000.bin', 'f001.bin', 'f002.bin', 'f003.bin']);
    hold.open();
    await queue.settled();
    expect(stub.maxInFlight).toBe(4);
    expect(stub.count('PutObject')).toBe(50);
    expect(outOfOrder).toEqual([]);
    expect(new Set(stub.seen.map((r) => r.key))).toEqual(new Set(files.map((f) => f.name)));
    for (const f of files) await same(stub.objects.get(f.name), f);
  });

  it('large and small files together: parts, creates and completes all count, and the limit holds', async () => {
    const stub = stubS3();
    let tick = 0;
    // Every answer a few turns late, so requests pile up as far as the queue lets them.
    stub.before = async () => {
      for (let i = 0; i < 1 + (tick++ % 4); i++) await new Promise((r) => setImmediate(r));
    };
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 3, partSize: 5 * MiB }));
    const files = [...filesOf(3, 11 * MiB), ...filesOf(12, 10_000)].map((f, i) => new File([f], `m${i}.bin`));
    queue.add(files);
    await queue.settled();
    expect(stub.maxInFlight).toBe(3);
    expect(stub.count('CreateMultipartUpload')).toBe(3);
    expect(stub.count('UploadPart')).toBe(9);
    expect(stub.count('PutObject')).toBe(12);
    expect(stub.uploads.size).toBe(0);
    for (const f of files) await same(stub.objects.get(f.name), f);
  });

  it('the default limit is S3_DEFAULTS.queueConcurrency', async () => {
    const { S3_DEFAULTS } = await import('../../src/s3/index');
    const stub = stubS3();
    const hold = gate();
    stub.before = () => hold.wait();
    const queue = createUploadQueue(queueOptions(stub));
    queue.add(filesOf(20, 10));
    await stub.until(() => stub.inFlight === S3_DEFAULTS.queueConcurrency);
    await quiet();
    expect(stub.inFlight).toBe(S3_DEFAULTS.queueConcurrency);
    hold.open();
    await queue.settled();
  });
});

describe('progress', () => {
  it('per file and in total: bytes, files done, and the sums agree, done or paused midway', async () => {
    const stub = stubS3();
    const hold = gate();
    // Parts 1 and 2 of the large file land; part 3 waits.
    stub.before = (r) => (r.action === 'UploadPart' && r.partNumber === 3 ? hold.wait() : undefined);
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 2, partSize: 5 * MiB }));
    const [large] = filesOf(1, 12 * MiB);
    const small = filesOf(3, 1000).map((f, i) => new File([f], `s${i}.bin`));
    queue.add([large, ...small]);
    await stub.until(() => stub.count('PutObject') === 3 && stub.count('UploadPart') === 3);
    await quiet();
    queue.pause(queue.getSnapshot().items[0].id); // its progress is reported at once, the cut part's bytes dropped
    await quiet();
    let s = queue.getSnapshot();
    expect(s.items.map((i) => i.loaded)).toEqual([10 * MiB, 1000, 1000, 1000]);
    expect(s.loaded).toBe(10 * MiB + 3000);
    expect(s.total).toBe(12 * MiB + 3000);
    expect([s.filesDone, s.filesTotal, s.filesFailed]).toEqual([3, 4, 0]);
    expect(s.status).toBe('paused');
    expect(s.bytesPerSecond).toBe(0);
    expect(s.secondsLeft).toBeUndefined();
    hold.open();
    queue.resume();
    await queue.settled();
    s = queue.getSnapshot();
    expect(s.items.map((i) => i.loaded)).toEqual(s.items.map((i) => i.total));
    expect([s.loaded, s.total, s.filesDone, s.filesTotal, s.status]).toEqual([12 * MiB + 3000, 12 * MiB + 3000, 4, 4, 'idle']);
    expect(s.items.every((i) => i.result?.etag)).toBe(true);
  });

  it('rate over the last seconds and time left, on the injected clock', async () => {
    const stub = stubS3();
    const holds = [gate(), gate(), gate()];
    let n = 0;
    stub.before = () => holds[n++].wait();
    let clock = 0;
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 1, now: () => clock }));
    queue.add(filesOf(3, MiB));
    await stub.until(() => stub.inFlight === 1);
    expect(queue.getSnapshot().secondsLeft).toBeUndefined(); // nothing moved yet: no rate to go by
    clock = 2000;
    holds[0].open(); // 1 MiB in 2 s
    await stub.until(() => stub.count('PutObject') === 2);
    await quiet();
    const s = queue.getSnapshot();
    expect(s.filesDone).toBe(1);
    expect(s.bytesPerSecond).toBe(MiB / 2);
    expect(s.secondsLeft).toBe(4); // 2 MiB left at 0.5 MiB/s
    clock = 7000; // nothing moved for 5 s: the window holds only the last sample before it
    expect(queue.getSnapshot()).toBe(s); // unchanged until something changes
    holds[1].open();
    holds[2].open();
    await queue.settled();
    expect(queue.getSnapshot().secondsLeft).toBeUndefined(); // idle
  });
});

/** A network status the test switches, telling its listeners as the browser's events do. */
function testNetwork() {
  let online = true;
  const listeners = new Set<() => void>();
  const network: NetworkStatus & { set(online: boolean): void } = {
    isOnline: () => online,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    set: (now) => ((online = now), [...listeners].forEach((l) => l())),
  };
  return network;
}

describe('waiting for the network', () => {
  it('offline, running files wait (their requests cut) and no other file starts; online, the batch finishes', async () => {
    const stub = stubS3();
    const network = testNetwork();
    let hold = gate();
    stub.before = () => hold.wait();
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 2, network }));
    const files = filesOf(6, 3000);
    const items = queue.add(files);
    await stub.until(() => stub.inFlight === 2);
    network.set(false);
    await stub.until(() => stub.inFlight === 0);
    await quiet();
    let s = queue.getSnapshot();
    expect(statuses(s)).toEqual(['waiting-for-network', 'waiting-for-network', 'queued', 'queued', 'queued', 'queued']);
    expect([s.status, s.bytesPerSecond, s.secondsLeft]).toEqual(['waiting-for-network', 0, undefined]);
    expect(stub.seen.map((r) => r.aborted)).toEqual([true, true]);
    // Paused while waiting it is paused; resumed while still offline it waits again.
    queue.pause(items[0].id);
    expect(queue.getSnapshot().items[0].status).toBe('paused');
    queue.resume(items[0].id);
    expect(queue.getSnapshot().items[0].status).toBe('waiting-for-network');
    await quiet();
    expect(stub.seen).toHaveLength(2); // nothing sent while offline
    hold.open();
    hold = { wait: () => Promise.resolve(), open: () => {} };
    network.set(true);
    expect(statuses(queue.getSnapshot()).slice(0, 2)).toEqual(['uploading', 'uploading']);
    await queue.settled();
    s = queue.getSnapshot();
    expect([s.status, s.filesDone]).toEqual(['idle', 6]);
    for (const f of files) await same(stub.objects.get(f.name), f);
  });
});

describe('pause, resume', () => {
  it('pausing one file cuts its request and frees its slot for the next file; resume finishes it', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = (r) => (r.key === 'f000.bin' ? hold.wait() : undefined);
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 1 }));
    const files = filesOf(3, 2000);
    const [first] = queue.add(files);
    await stub.until(() => stub.inFlight === 1);
    queue.pause(first.id);
    expect(queue.getSnapshot().items[0].status).toBe('paused');
    await stub.until(() => stub.count('PutObject') === 3 && stub.inFlight === 0);
    await quiet();
    expect(stub.seen[0]).toMatchObject({ key: 'f000.bin', aborted: true });
    expect(statuses(queue.getSnapshot())).toEqual(['paused', 'done', 'done']);
    expect(queue.getSnapshot().status).toBe('paused');
    hold.open();
    queue.resume(first.id);
    await queue.settled();
    expect(statuses(queue.getSnapshot())).toEqual(['done', 'done', 'done']);
    for (const f of files) await same(stub.objects.get(f.name), f);
  });

  it('pause all stops every request and starts none; resume all finishes the batch', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = () => hold.wait();
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 3, partSize: 5 * MiB }));
    const files = [...filesOf(2, 6 * MiB), ...filesOf(5, 100).map((f, i) => new File([f], `s${i}`))];
    queue.add(files);
    await stub.until(() => stub.inFlight === 3);
    queue.pause();
    expect(statuses(queue.getSnapshot()).every((s) => s === 'paused')).toBe(true);
    expect(queue.getSnapshot().status).toBe('paused');
    hold.open();
    await stub.until(() => stub.inFlight === 0);
    const sent = stub.seen.length;
    await quiet();
    // What was in flight was cut or (a CreateMultipartUpload, whose id is needed) let finish; nothing new left.
    expect(stub.seen.length).toBe(sent);
    expect(stub.objects.size).toBe(0);
    queue.resume();
    await queue.settled();
    expect(statuses(queue.getSnapshot()).every((s) => s === 'done')).toBe(true);
    for (const f of files) await same(stub.objects.get(f.name), f);
  });

  it('a queued file paused is skipped; settled() waits for it; resumed, it goes', async () => {
    const stub = stubS3();
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 1 }));
    const items = queue.add(filesOf(3, 10));
    queue.pause(items[2].id);
    let settled = false;
    void queue.settled().then(() => (settled = true));
    await stub.until(() => stub.count('PutObject') === 2);
    await quiet();
    expect(statuses(queue.getSnapshot())).toEqual(['done', 'done', 'paused']);
    expect(settled).toBe(false);
    queue.resume(items[2].id);
    await queue.settled();
    expect(settled).toBe(true);
    expect(stub.count('PutObject')).toBe(3);
  });
});

describe('cancel', () => {
  it('cancel one: its parts are cut, AbortMultipartUpload sent, nothing of it left; the others finish', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = (r) => (r.key === 'f000.bin' && r.action === 'UploadPart' ? hold.wait() : undefined);
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 4, partSize: 5 * MiB }));
    const files = filesOf(3, 11 * MiB);
    const [first] = queue.add(files);
    await stub.until(() => stub.count('UploadPart', 'f000.bin') >= 1);
    await queue.cancel(first.id);
    expect(stub.count('AbortMultipartUpload', 'f000.bin')).toBe(1);
    expect([...stub.uploads.values()].filter((u) => u.key === 'f000.bin')).toEqual([]);
    await queue.settled();
    const s = queue.getSnapshot();
    expect(statuses(s)).toEqual(['aborted', 'done', 'done']);
    expect([s.filesTotal, s.filesDone, s.total]).toEqual([2, 2, 22 * MiB]); // the aborted file is out of the totals
    expect(stub.objects.has('f000.bin')).toBe(false);
    expect(stub.uploads.size).toBe(0);
  });

  it('cancel all: running files aborted, queued ones never started; no multipart upload left, nothing stored', async () => {
    const stub = stubS3();
    stub.before = (r) => (r.action === 'UploadPart' || r.action === 'PutObject' ? gate().wait() : undefined); // never answered
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 4, partSize: 5 * MiB }));
    queue.add([...filesOf(3, 11 * MiB), ...filesOf(20, 100).map((f, i) => new File([f], `s${i}`))]);
    await stub.until(() => stub.inFlight === 4);
    const before = stub.seen.length;
    await queue.cancel();
    // After cancel() only AbortMultipartUpload left: no file started, no CreateMultipartUpload that waited for a slot sent.
    expect(new Set(stub.seen.slice(before).map((r) => r.action))).toEqual(new Set(['AbortMultipartUpload']));
    const s = queue.getSnapshot();
    expect(statuses(s).every((x) => x === 'aborted')).toBe(true);
    expect([s.status, s.filesTotal, s.total]).toEqual(['idle', 0, 0]);
    // Each CreateMultipartUpload sent is matched by an AbortMultipartUpload; one still waiting for a slot is never sent.
    expect(stub.count('AbortMultipartUpload')).toBe(stub.count('CreateMultipartUpload'));
    expect(stub.uploads.size).toBe(0);
    expect(stub.objects.size).toBe(0);
    await quiet();
    expect(stub.inFlight).toBe(0);
    expect(stub.seen.filter((r) => r.key.startsWith('s')).length).toBeLessThanOrEqual(1); // queued files sent nothing
    await queue.settled();
    queue.clearFinished();
    expect(queue.getSnapshot().items).toEqual([]);
  });
});

describe('retry', () => {
  it('a failed file waits in error with its typed error; retry() sends it again and it lands', async () => {
    const stub = stubS3();
    let refuse = true;
    stub.before = (r) => (r.key === 'f001.bin' && refuse ? s3Error(403, 'AccessDenied') : undefined);
    const queue = createUploadQueue(queueOptions(stub, { concurrency: 2 }));
    const files = filesOf(3, 500);
    const items = queue.add(files);
    await queue.settled();
    let s = queue.getSnapshot();
    expect(statuses(s)).toEqual(['done', 'error', 'done']);
    expect(s.items[1].error).toBeInstanceOf(S3ServiceException);
    expect(s.items[1].error).toMatchObject({ name: 'AccessDenied' });
    expect([s.filesFailed, s.filesDone, s.status]).toEqual([1, 2, 'idle']);
    refuse = false;
    queue.retry(items[1].id);
    expect(queue.getSnapshot().items[1].status).toBe('uploading');
    await queue.settled();
    s = queue.getSnapshot();
    expect(statuses(s)).toEqual(['done', 'done', 'done']);
    expect(s.items[1].error).toBeUndefined();
    expect(s.filesFailed).toBe(0);
    await same(stub.objects.get('f001.bin'), files[1]);
    queue.retry(items[0].id); // a file not failed: nothing to do
    await quiet();
    expect(stub.count('PutObject', 'f000.bin')).toBe(1);
  });
});

describe('per-file events', () => {
  it('onFileDone and onFileError: once per file as it settles, with its item as the snapshot shows it; a canceled file calls neither', async () => {
    const stub = stubS3();
    const hold = gate();
    let refuse = true;
    stub.before = (r) => (r.key === 'f001.bin' && refuse ? s3Error(403, 'AccessDenied') : r.key === 'f002.bin' ? hold.wait() : undefined);
    const events: string[] = [];
    /** The item passed, and whether the snapshot already shows it so when the event comes. */
    const seen = (what: string, item: QueueItem) => {
      events.push(`${what} ${item.key} ${item.result?.key ?? item.error?.name} ${queue.getSnapshot().items.includes(item)}`);
    };
    const queue = createUploadQueue(
      queueOptions(stub, { onFileDone: (item) => seen('done', item), onFileError: (item) => seen('error', item) }),
    );
    const items = queue.add(filesOf(3, 300 * 1024)); // several progress reports each, none an event
    const firstTwoSettled = () => statuses(queue.getSnapshot()).join() === 'done,error,uploading';
    await new Promise<void>((resolve) => {
      const off = queue.subscribe(() => firstTwoSettled() && (off(), resolve()));
      if (firstTwoSettled()) resolve();
    });
    await queue.cancel(items[2].id);
    await queue.settled();
    expect(events.sort()).toEqual(['done f000.bin f000.bin true', 'error f001.bin AccessDenied true']);
    refuse = false;
    queue.retry(items[1].id);
    await queue.settled();
    expect(events.slice(2)).toEqual(['done f001.bin f001.bin true']);
  });
});

describe('keys', () => {
  it('keyPrefix + the path in the dropped folder, else the name; or the key function', async () => {
    const stub = stubS3();
    const queue = createUploadQueue(queueOptions(stub, { keyPrefix: 'in/' }));
    const a = new File([bytes(10)], 'a.jpg');
    const b = new File([bytes(10)], 'b.txt');
    const items = queue.add([{ file: a, relativePath: 'photos/2026/a.jpg' }, b]);
    expect(items.map((i) => [i.key, i.relativePath])).toEqual([
      ['in/photos/2026/a.jpg', 'photos/2026/a.jpg'],
      ['in/b.txt', ''],
    ]);
    await queue.settled();
    await same(stub.objects.get('in/photos/2026/a.jpg'), a);
    await same(stub.objects.get('in/b.txt'), b);

    const named = createUploadQueue(queueOptions(stub, { key: (f) => `by-fn/${f.relativePath || f.file.name}!` }));
    expect(named.add([{ file: a, relativePath: 'x/a.jpg' }])[0].key).toBe('by-fn/x/a.jpg!');
    const blob = new Blob([bytes(5)]);
    expect(named.add([blob])[0].key).toBe('by-fn/!'); // a Blob reaches the key function as a File without a name
    await named.settled();
    await same(stub.objects.get('by-fn/!'), blob);
  });

  it('a Blob without a key function, a bad key, or two files with one key: a typed error before any request', () => {
    const stub = stubS3();
    const queue = createUploadQueue(queueOptions(stub));
    const ok = new File([bytes(1)], 'ok.bin');
    const e1 = catching(() => queue.add([ok, new Blob([bytes(3)])]));
    expect(e1).toMatchObject({ option: 'key' });
    expect(e1.message).toMatch(/file number 2.*Blob.*no name/);
    expect(e1.hint).toMatch(/key function/);
    expect(catching(() => queue.add([{ file: ok, relativePath: 'x/../ok.bin' }])).message).toMatch(/file number 1.*"\.\."/);
    expect(catching(() => queue.add([ok, new File([bytes(1)], 'ok.bin')])).message).toMatch(/"ok.bin" of file number 2 is already/);
    expect(catching(() => queue.add([{ nope: true } as never])).option).toBe('files');
    expect(queue.getSnapshot().items).toEqual([]); // the whole add() refused
    expect(stub.seen).toEqual([]);
    expect(catching(() => createUploadQueue(queueOptions(stub, { concurrency: 0 }))).option).toBe('concurrency');
    expect(catching(() => createUploadQueue(queueOptions(stub, { bucket: 'Not A Bucket' }))).option).toBe('bucket');
    expect(catching(() => createUploadQueue(queueOptions(stub, { keyPrefix: 3 as never }))).option).toBe('keyPrefix');
  });

  it('a key is free again once its file is done, not while it failed (retry() sends it)', async () => {
    const stub = stubS3();
    let refuse = true;
    stub.before = () => (refuse ? s3Error(403, 'AccessDenied') : undefined);
    const queue = createUploadQueue(queueOptions(stub));
    const [failed] = queue.add([new File([bytes(1)], 'again.bin')]);
    await queue.settled();
    expect(catching(() => queue.add([new File([bytes(1)], 'again.bin')])).message).toMatch(/already the key/);
    refuse = false;
    queue.retry(failed.id);
    await queue.settled();
    queue.add([new File([bytes(2)], 'again.bin')]);
    await queue.settled();
    expect(stub.objects.get('again.bin')?.length).toBe(2);
  });
});

describe('resumable', () => {
  it('after a reload, a new queue on the same store sends each file only the parts S3 lacks', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    // The first page: part 1 of each file lands, the rest hang until the page goes away.
    stub.before = (r) => (r.action === 'UploadPart' && r.partNumber! > 1 ? gate().wait() : undefined);
    const options = queueOptions(stub, { concurrency: 4, partSize: 5 * MiB, resumable: true, resumeStore: store });
    const contents = [bytes(11 * MiB), bytes(16 * MiB), bytes(7 * MiB)];
    const page = (i: number) => new File([contents[i]], `r${i}.bin`, { lastModified: 42 });
    // One queue per file on the first page, each with room for all its requests: one queue for all
    // three may hold a file back until slots free up, and the hanging parts never free theirs.
    for (const i of [0, 1, 2]) createUploadQueue({ ...options, concurrency: 12 }).add([page(i)]);
    // Every part of the first page has reached S3 (part 1 answered, the rest hanging), so none of
    // them can slip through once the gate is lifted below: on a loaded machine one could.
    await stub.until(
      () => store.records.size === 3 && [...store.records.values()].every((r) => r.parts[1]) && stub.count('UploadPart') === 9,
    );
    const before = stub.seen.length;

    // The reload: a new queue, the same files picked again (new File objects, same contents).
    stub.before = undefined;
    const queue = createUploadQueue(options);
    queue.add([0, 1, 2].map(page));
    await queue.settled();
    const again = stub.seen.slice(before);
    expect(again.filter((r) => r.action === 'CreateMultipartUpload')).toEqual([]);
    expect(
      again
        .filter((r) => r.action === 'UploadPart')
        .map((r) => `${r.key}#${r.partNumber}`)
        .sort(),
    ).toEqual(['r0.bin#2', 'r0.bin#3', 'r1.bin#2', 'r1.bin#3', 'r1.bin#4', 'r2.bin#2']);
    for (const i of [0, 1, 2]) expect(Buffer.compare(stub.objects.get(`r${i}.bin`)!, contents[i])).toBe(0);
    expect(store.records.size).toBe(0);
  });
});

function catching(f: () => unknown): S3ValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(S3ValidationError);
    return e as S3ValidationError;
  }
  throw new Error('expected an S3ValidationError');
}
