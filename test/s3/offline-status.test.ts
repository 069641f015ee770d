// What useS3Upload reports while the browser is offline (issue 15, item 1): its controller, outside
// React, shows 'waiting-for-network' as soon as the upload tells of it, 'uploading' once the
// network is back, and 'aborted' at once when canceled while offline.
import { describe, expect, it } from 'vitest';
import { UploadController, type UploadStatus } from '../../src/hooks/upload-controller';
import type { NetworkStatus } from '../../src/s3/index';
import { BUCKET, bytes, ENDPOINT, gate, MiB, quiet, stubS3 } from './stub-s3';

function testNetwork() {
  let online = true;
  const listeners = new Set<() => void>();
  const network: NetworkStatus & { set(online: boolean): void } = {
    isOnline: () => online,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    set(now) {
      online = now;
      [...listeners].forEach((l) => l());
    },
  };
  return network;
}

const credentials = { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' };

/** A controller on the stub, and every status its snapshot went through. */
function controlled() {
  const stub = stubS3();
  const network = testNetwork();
  const hold = gate();
  stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
  const c = new UploadController({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: ENDPOINT,
    transport: stub.transport,
    network,
    retryDelay: () => 0,
    partSize: 5 * MiB,
  });
  const shown: UploadStatus[] = [];
  c.subscribe(() => shown.at(-1) !== c.getSnapshot().status && shown.push(c.getSnapshot().status));
  return { stub, network, hold, c, shown };
}

describe("useS3Upload's status while offline", () => {
  it("is 'waiting-for-network' while the browser is offline, then 'uploading', then 'done'; never 'error'", async () => {
    const { stub, network, hold, c, shown } = controlled();
    const done = c.upload(credentials, bytes(11 * MiB));
    await stub.until(() => stub.inFlight === 3);
    network.set(false);
    expect(c.getSnapshot().status).toBe('waiting-for-network');
    hold.open();
    await quiet();
    network.set(true);
    expect(c.getSnapshot().status).toBe('uploading');
    await done;
    expect(shown).toEqual(['uploading', 'waiting-for-network', 'uploading', 'done']);
  });

  it("pause and resume while offline show 'paused', then 'waiting-for-network'", async () => {
    const { stub, network, hold, c } = controlled();
    const done = c.upload(credentials, bytes(11 * MiB));
    await stub.until(() => stub.inFlight === 3);
    network.set(false);
    c.pause();
    expect(c.getSnapshot().status).toBe('paused');
    c.resume();
    expect(c.getSnapshot().status).toBe('waiting-for-network');
    hold.open();
    network.set(true);
    await done;
    expect(c.getSnapshot().status).toBe('done');
  });

  it("canceled while offline, it shows 'aborted' at once, before AbortMultipartUpload can be sent", async () => {
    const { stub, network, c } = controlled();
    const done = c.upload(credentials, bytes(11 * MiB)).catch((e: unknown) => e);
    await stub.until(() => stub.inFlight === 3);
    network.set(false);
    const aborting = c.abort();
    expect(c.getSnapshot().status).toBe('aborted');
    network.set(true);
    await aborting;
    expect(await done).toMatchObject({ name: 'AbortError' });
    expect(c.getSnapshot().status).toBe('aborted');
    expect(stub.count('AbortMultipartUpload')).toBe(1);
  });
});
