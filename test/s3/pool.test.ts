// The one pause/resume/abort mechanism: the pool of part jobs on its own, then uploads (multipart
// and single PUT alike) on the in-process S3, where pause, abort and a shared limiter must hold.
import { describe, expect, it } from 'vitest';
import { createUploadLimiter, uploadToS3, type Transport } from '../../src/s3/index';
import { createPool, PAUSED, type PartJob } from '../../src/s3/pool';
import { bytes, gate, MiB, quiet, stubOptions, stubS3 } from './stub-s3';

/** Jobs the test finishes or fails by hand; a cut job rejects with its signal's reason, as a request does. */
function controlled(n: number) {
  const runs: { job: number; signal: AbortSignal; finish: () => void; fail: (e: Error) => void; over: boolean }[] = [];
  const jobs: PartJob[] = Array.from(
    { length: n },
    (_, job) => (signal) =>
      new Promise<void>((resolve, reject) => {
        const run = {
          job,
          signal,
          over: false,
          finish: () => ((run.over = true), resolve()),
          fail: (e: Error) => ((run.over = true), reject(e)),
        };
        runs.push(run);
        signal.addEventListener('abort', () => run.fail(signal.reason as Error), { once: true });
      }),
  );
  const live = () => runs.filter((r) => !r.over);
  return { jobs, runs, live, started: () => runs.map((r) => r.job) };
}

describe('the pool', () => {
  it('runs jobs first to last, no more at once than the limiter allows, and resolves when all succeeded', async () => {
    const c = controlled(5);
    const pool = createPool(createUploadLimiter(2));
    let resolved = false;
    const done = pool.run(c.jobs).then(() => (resolved = true));
    await quiet();
    expect(c.started()).toEqual([0, 1]);
    c.runs[1].finish();
    await quiet();
    expect(c.started()).toEqual([0, 1, 2]);
    for (let i = 0; i < 5; i++) {
      c.live().forEach((r) => r.finish());
      await quiet();
    }
    await done;
    expect(resolved).toBe(true);
    expect(c.started()).toEqual([0, 1, 2, 3, 4]);
  });

  it('pause cuts the jobs in flight (reason PAUSED) and starts none; resume runs the cut ones again, then the rest', async () => {
    const c = controlled(3);
    const pool = createPool(createUploadLimiter(2));
    const done = pool.run(c.jobs);
    await quiet();
    expect(pool.pause()).toBe(true);
    expect(pool.state).toBe('paused');
    expect(c.runs.map((r): unknown => r.signal.reason)).toEqual([PAUSED, PAUSED]);
    await quiet();
    expect(c.started()).toEqual([0, 1]); // nothing new while paused
    expect(pool.pause()).toBe(false);
    expect(pool.resume()).toBe(true);
    await quiet();
    expect(c.started()).toEqual([0, 1, 0, 1]);
    c.live().forEach((r) => r.finish());
    await quiet();
    expect(c.started()).toEqual([0, 1, 0, 1, 2]);
    c.live().forEach((r) => r.finish());
    await done;
  });

  it('abort cuts the jobs with its reason, aborts the pool signal, and rejects once they have settled', async () => {
    const c = controlled(4);
    const pool = createPool(createUploadLimiter(2));
    const done = pool.run(c.jobs);
    await quiet();
    const reason = new Error('user left');
    expect(pool.abort(reason)).toBe(true);
    expect(pool.signal.reason).toBe(reason);
    expect(c.runs.map((r): unknown => r.signal.reason)).toEqual([reason, reason]);
    await expect(done).rejects.toBe(reason);
    expect(pool.state).toBe('aborted');
    expect(pool.resume()).toBe(false);
    expect(pool.abort(reason)).toBe(false);
    expect(c.started()).toEqual([0, 1]);
  });

  it('the first failure fails the pool: the other jobs are cut with it and nothing more starts', async () => {
    const c = controlled(4);
    const pool = createPool(createUploadLimiter(2));
    const done = pool.run(c.jobs);
    await quiet();
    const broken = new Error('part 2 broke');
    c.runs[1].fail(broken);
    await expect(done).rejects.toBe(broken);
    expect(pool.state).toBe('failed');
    expect(c.runs[0].signal.reason).toBe(broken);
    expect(c.started()).toEqual([0, 1]);
    expect(pool.signal.aborted).toBe(false); // not an abort: whoever runs the pool decides what to clean up
  });

  it('abort before run() starts no job', async () => {
    const c = controlled(2);
    const pool = createPool(createUploadLimiter(2));
    pool.abort('gone');
    await expect(pool.run(c.jobs)).rejects.toBe('gone');
    expect(c.started()).toEqual([]);
  });

  it('two pools sharing a limiter stay within it together and take turns', async () => {
    const limiter = createUploadLimiter(2);
    const a = controlled(3);
    const b = controlled(3);
    const order: string[] = [];
    const tag = (name: string, jobs: PartJob[]) => jobs.map((j, i) => (s: AbortSignal) => (order.push(`${name}${i}`), j(s)));
    const done = Promise.all([createPool(limiter).run(tag('a', a.jobs)), createPool(limiter).run(tag('b', b.jobs))]);
    for (let round = 0; round < 6; round++) {
      await quiet();
      expect(a.live().length + b.live().length).toBeLessThanOrEqual(2);
      [...a.live(), ...b.live()][0]?.finish();
    }
    await done;
    expect(order.slice(0, 4)).toEqual(['a0', 'b0', 'a1', 'b1']);
    expect(limiter.active).toBe(0);
  });

  it('a paused pool gives its slot back, so a pool sharing the limiter goes on', async () => {
    const limiter = createUploadLimiter(1);
    const a = controlled(2);
    const b = controlled(1);
    const pa = createPool(limiter);
    const doneA = pa.run(a.jobs);
    const doneB = createPool(limiter).run(b.jobs);
    await quiet();
    expect(a.started()).toEqual([0]);
    pa.pause();
    await quiet();
    expect(b.started()).toEqual([0]);
    b.runs[0].finish();
    await doneB;
    pa.abort('done with it');
    await expect(doneA).rejects.toBe('done with it');
  });
});

describe('uploads run through the pool', () => {
  it('pause stops new parts and cuts the one in flight; resume sends it again and completes', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
    const body = bytes(11 * MiB);
    const up = uploadToS3(stubOptions(stub, { body, partSize: 5 * MiB, concurrency: 1 }));
    await stub.until(() => stub.count('UploadPart') === 1);
    up.pause();
    expect(up.state).toBe('paused');
    await stub.until(() => stub.inFlight === 0);
    expect(stub.seen.at(-1)).toMatchObject({ action: 'UploadPart', partNumber: 1, aborted: true });
    await quiet();
    expect(stub.count('UploadPart')).toBe(1); // nothing new while paused
    hold.open();
    up.resume();
    expect(up.state).toBe('running');
    await up.done;
    expect(stub.seen.filter((r) => r.action === 'UploadPart').map((r) => r.partNumber)).toEqual([1, 1, 2, 3]);
    expect(Buffer.compare(stub.objects.get('file.bin')!, body)).toBe(0);
  });

  it('pause once the last part has answered holds CompleteMultipartUpload until resume, then completes', async () => {
    const stub = stubS3();
    const body = bytes(11 * MiB);
    // The user pauses just as S3 answers the last part: its job still ends well, but the pool is held.
    const transport: Transport = async (r) => {
      const answer = await stub.transport(r);
      if (new URL(r.url).searchParams.get('partNumber') === '3') up.pause();
      return answer;
    };
    const up = uploadToS3(stubOptions(stub, { body, partSize: 5 * MiB, concurrency: 1, transport }));
    await stub.until(() => stub.count('UploadPart') === 3 && stub.inFlight === 0);
    await quiet();
    expect(up.state).toBe('paused');
    expect(stub.count('CompleteMultipartUpload')).toBe(0);
    up.resume();
    await up.done;
    expect(up.state).toBe('done');
    expect(stub.count('CompleteMultipartUpload')).toBe(1);
    expect(stub.count('UploadPart')).toBe(3); // the answered part is not sent again
    expect(Buffer.compare(stub.objects.get('file.bin')!, body)).toBe(0);
  });

  it('abort cuts the parts in flight, then sends AbortMultipartUpload: nothing is left', async () => {
    const stub = stubS3();
    stub.before = (r) => (r.action === 'UploadPart' ? gate().wait() : undefined); // parts never answer
    const up = uploadToS3(stubOptions(stub, { body: bytes(16 * MiB), partSize: 5 * MiB, concurrency: 2 }));
    await stub.until(() => stub.count('UploadPart') === 2);
    const uploadId = up.uploadId;
    await up.abort();
    await expect(up.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(up.state).toBe('aborted');
    const parts = stub.seen.filter((r) => r.action === 'UploadPart');
    expect(parts.map((r) => r.aborted)).toEqual([true, true]);
    expect(stub.seen.at(-1)).toMatchObject({ action: 'AbortMultipartUpload' });
    expect(stub.seen.at(-1)!.query.get('uploadId')).toBe(uploadId);
    // The parts were cut before AbortMultipartUpload left: none can land after it.
    expect(stub.seen.indexOf(stub.seen.at(-1)!)).toBeGreaterThan(stub.seen.indexOf(parts[1]));
    expect(stub.uploads.size).toBe(0);
    expect(stub.objects.size).toBe(0);
  });

  it('a shared limiter caps the part requests in flight across two uploads', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
    // The shared limiter, watched per upload: how many acquire() calls of each wait for a slot.
    const shared = createUploadLimiter(3);
    const waiting = { a: 0, b: 0 };
    const watched = (who: 'a' | 'b') => ({
      limit: shared.limit,
      get active() {
        return shared.active;
      },
      acquire: () => {
        waiting[who]++;
        return shared.acquire().finally(() => waiting[who]--);
      },
    });
    const a = bytes(21 * MiB);
    const b = bytes(21 * MiB);
    const ups = [
      uploadToS3(stubOptions(stub, { key: 'a.bin', body: a, partSize: 5 * MiB, limiter: watched('a') })),
      uploadToS3(stubOptions(stub, { key: 'b.bin', body: b, partSize: 5 * MiB, limiter: watched('b') })),
    ];
    // Both uploads wait for a slot before any part is let through: on a loaded machine b's
    // CreateMultipartUpload answer could otherwise come back after a had sent every part (CI:
    // counting waiters over both, two of a's own parts passed for both uploads waiting).
    await stub.until(() => stub.inFlight === 3);
    while (waiting.a === 0 || waiting.b === 0) await quiet(); // each has 5 parts and at most 3 slots
    expect(stub.inFlight).toBe(3); // each upload alone would have 4 in flight (concurrency's default)
    hold.open();
    await Promise.all(ups.map((u) => u.done));
    expect(stub.maxInFlight).toBe(3);
    // The uploads took turns: b's parts did not wait for all of a's.
    const parts = stub.seen.filter((r) => r.action === 'UploadPart').map((r) => r.key);
    expect(parts.indexOf('b.bin')).toBeLessThan(parts.lastIndexOf('a.bin'));
    expect(Buffer.compare(stub.objects.get('a.bin')!, a)).toBe(0);
    expect(Buffer.compare(stub.objects.get('b.bin')!, b)).toBe(0);
  });

  it('a single PUT takes a slot of the shared limiter like a part', async () => {
    const stub = stubS3();
    const hold = gate();
    stub.before = (r) => (r.action === 'UploadPart' ? hold.wait() : undefined);
    const limiter = createUploadLimiter(1);
    const big = uploadToS3(stubOptions(stub, { key: 'big.bin', body: bytes(6 * MiB), partSize: 5 * MiB, limiter }));
    await stub.until(() => stub.count('UploadPart') === 1);
    const small = uploadToS3(stubOptions(stub, { key: 'small.bin', body: bytes(100), limiter }));
    await quiet();
    expect(stub.count('PutObject')).toBe(0);
    hold.open();
    await Promise.all([big.done, small.done]);
    expect(stub.maxInFlight).toBe(1);
  });

  it('a single PUT pauses and resumes as a part does', async () => {
    const stub = stubS3();
    let hold = gate();
    stub.before = (r) => (r.action === 'PutObject' ? hold.wait() : undefined);
    const body = bytes(1000);
    const up = uploadToS3(stubOptions(stub, { body }));
    await stub.until(() => stub.count('PutObject') === 1);
    up.pause();
    expect(up.state).toBe('paused');
    await stub.until(() => stub.inFlight === 0);
    expect(stub.seen[0].aborted).toBe(true);
    await quiet();
    expect(stub.count('PutObject')).toBe(1);
    hold.open();
    hold = gate();
    hold.open();
    up.resume();
    const r = await up.done;
    expect(stub.count('PutObject')).toBe(2);
    expect(up.state).toBe('done');
    expect(r.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Buffer.compare(stub.objects.get('file.bin')!, body)).toBe(0);
  });

  it('a single PUT aborts as a part does: the request is cut and nothing is stored', async () => {
    const stub = stubS3();
    stub.before = (r) => (r.action === 'PutObject' ? gate().wait() : undefined);
    const up = uploadToS3(stubOptions(stub, { body: bytes(1000) }));
    await stub.until(() => stub.count('PutObject') === 1);
    await up.abort();
    await expect(up.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.seen.map((r) => [r.action, r.aborted])).toEqual([['PutObject', true]]);
    expect(stub.objects.size).toBe(0);
  });
});
