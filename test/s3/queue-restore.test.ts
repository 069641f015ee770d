// A resumable queue's files after a reload (issue 15, item 2), on the in-process S3: each record
// says where its file is (and never holds a credential); restore() brings back this bucket's
// unfinished uploads as paused items saying what resuming needs; resumed from kept bytes or a
// file handle, each sends only the parts S3 lacks; a changed file starts afresh; a handle that
// cannot be read fails with S3UploadSourceError; keepBytes keeps to its limit and a store that
// cannot keep bytes costs only that.
import { describe, expect, it } from 'vitest';
import {
  createUploadQueue,
  memoryResumeStore,
  S3UploadSourceError,
  type ResumeRecord,
  type ResumeStore,
  type UploadQueueOptions,
} from '../../src/s3/index';
import { bytes, BUCKET, ENDPOINT, gate, MiB, quiet, stubS3, type StubS3 } from './stub-s3';

const SECRET = 'secret-key-that-must-not-be-stored';
const TOKEN = 'session-token-that-must-not-be-stored';

const options = (stub: StubS3, store: ResumeStore, more: Partial<UploadQueueOptions> = {}): UploadQueueOptions => ({
  bucket: BUCKET,
  region: 'us-east-1',
  endpoint: ENDPOINT,
  credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: SECRET, sessionToken: TOKEN },
  transport: stub.transport,
  retryDelay: () => 0,
  partSize: 5 * MiB,
  resumable: true,
  resumeStore: store,
  ...more,
});

/** A FileSystemFileHandle as Chromium gives one: its file, and read permission in `state`. */
function fakeHandle(file: () => File, state: PermissionState) {
  const h = {
    kind: 'file' as const,
    name: file().name,
    requests: 0,
    state,
    getFile: () => Promise.resolve(file()),
    queryPermission: () => Promise.resolve(h.state),
    requestPermission: (): Promise<PermissionState> => (h.requests++, Promise.resolve(h.state === 'prompt' ? 'granted' : h.state)),
  };
  return h;
}
const asHandle = (h: ReturnType<typeof fakeHandle>) => h as unknown as FileSystemFileHandle;

/**
 * The page before the reload: `files` added to a queue whose parts after the first hang, until
 * each file's first part is on S3 and in its record. The page then goes away (the queue is dropped).
 */
async function firstPage(stub: StubS3, store: ResumeStore & { records: Map<string, ResumeRecord> }, files: unknown[], more = {}) {
  const hold = gate();
  stub.before = (r) => (r.action === 'UploadPart' && r.partNumber! > 1 ? hold.wait() : undefined);
  createUploadQueue(options(stub, store, { concurrency: 12, ...more })).add(files as File[]);
  // Every part has reached S3 (the first answered, the rest hanging), so none slips through later.
  const parts = (files as ({ size: number } | { file: File })[]).reduce(
    (n, f) => n + Math.ceil(('file' in f ? f.file : f).size / (5 * MiB)),
    0,
  );
  await stub.until(() => stub.count('UploadPart') === parts);
  // Polled: the records are written after the answers, and with the other parts held no later
  // request or answer would wake a stub.until() to look again.
  await expect
    .poll(() => store.records.size === files.length && [...store.records.values()].every((r) => r.parts[1]), { timeout: 10_000 })
    .toBe(true);
  stub.before = undefined;
  return stub.seen.length;
}

/** The page before the reload with one 11 MiB file `name` picked with its handle: cut off after part 1. */
async function cutOffWithHandle(name: string) {
  const stub = stubS3();
  const store = memoryResumeStore();
  const box = { contents: bytes(11 * MiB) };
  const file = () => new File([box.contents], name, { lastModified: 2 });
  const handle = fakeHandle(file, 'granted');
  await firstPage(stub, store, [{ file: file(), relativePath: '', handle: asHandle(handle) }]);
  return { stub, store, box, file, handle, before: stub.seen.length };
}

const sentAfter = (stub: StubS3, from: number) =>
  stub.seen
    .slice(from)
    .filter((r) => r.action === 'UploadPart')
    .map((r) => `${r.key}#${r.partNumber}`)
    .sort();

describe('the resume record', () => {
  it('says where the file is (name, size, dates, path, handle) and holds no credential', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const file = new File([bytes(11 * MiB)], 'a.bin', { type: 'application/x-test', lastModified: 7 });
    const handle = fakeHandle(() => file, 'granted');
    await firstPage(stub, store, [{ file, relativePath: 'dir/a.bin', handle: asHandle(handle) }]);
    const record = store.records.get(`upload-queue:${BUCKET}/dir/a.bin`)!;
    expect(record.source).toMatchObject({
      name: 'a.bin',
      size: 11 * MiB,
      type: 'application/x-test',
      lastModified: 7,
      relativePath: 'dir/a.bin',
    });
    expect(record.source!.handle).toBe(handle);
    const json = JSON.stringify(record);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain('AKIDSTUB');
  });
});

describe('restore()', () => {
  it('brings back only this bucket’s unfinished uploads, paused, saying what resuming needs', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const cut = new File([bytes(11 * MiB)], 'cut.bin', { lastModified: 1 });
    await firstPage(stub, store, [cut]);
    // A file that finished leaves no record; another bucket's and a plain uploadToS3's are not this queue's.
    const done = createUploadQueue(options(stub, store));
    done.add([new File([bytes(11 * MiB)], 'done.bin')]);
    await done.settled();
    const other = { ...store.records.get(`upload-queue:${BUCKET}/cut.bin`)! };
    await store.put('upload-queue:other-bucket/x.bin', { ...other, bucket: 'other-bucket', key: 'x.bin' });
    await store.put('my-own-key', { ...other, key: 'mine.bin' });

    const queue = createUploadQueue(options(stub, store));
    const items = await queue.restore();
    expect(items.map((i) => [i.key, i.status, i.resumeNeeds, i.total, i.loaded])).toEqual([
      ['cut.bin', 'paused', 'file', 11 * MiB, 5 * MiB],
    ]);
    expect(queue.getSnapshot().status).toBe('paused');
    expect(await queue.restore()).toBe(items); // once
    // Nothing to resume it with: resume() leaves it waiting for the file.
    queue.resume();
    await quiet();
    expect(queue.getSnapshot().items[0].status).toBe('paused');
  });

  it('resumes from the kept bytes without the file: only the parts S3 lacks are sent', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const contents = bytes(11 * MiB);
    await firstPage(stub, store, [new File([contents], 'kept.bin', { lastModified: 3 })], { keepBytes: true });
    expect(store.bodies.size).toBe(1);
    const before = stub.seen.length;

    const queue = createUploadQueue(options(stub, store, { keepBytes: true }));
    const [item] = await queue.restore();
    expect(item.resumeNeeds).toBe('nothing');
    queue.resume(item.id);
    await queue.settled();
    expect(queue.getSnapshot().items[0].status).toBe('done');
    expect(sentAfter(stub, before)).toEqual(['kept.bin#2', 'kept.bin#3']);
    expect(stub.count('CreateMultipartUpload')).toBe(1);
    expect(Buffer.compare(stub.objects.get('kept.bin')!, contents)).toBe(0);
    expect(store.records.size).toBe(0);
    expect(store.bodies.size).toBe(0);
  });

  it('resumes from a file handle, asking permission once from resume(): only the parts S3 lacks are sent', async () => {
    const { stub, store, box, handle, before } = await cutOffWithHandle('h.bin');

    handle.state = 'prompt'; // a new page: read permission is asked again
    const queue = createUploadQueue(options(stub, store));
    const [item] = await queue.restore();
    expect(item.resumeNeeds).toBe('permission');
    expect(handle.requests).toBe(0);
    queue.resume(item.id);
    expect(handle.requests, 'asked at once, within the click').toBe(1);
    await stub.until(() => stub.count('CompleteMultipartUpload') === 1);
    await queue.settled();
    expect(sentAfter(stub, before)).toEqual(['h.bin#2', 'h.bin#3']);
    expect(Buffer.compare(stub.objects.get('h.bin')!, box.contents)).toBe(0);
    expect(store.records.size).toBe(0);
  });

  it('a handle the page may read resumes without asking', async () => {
    const { stub, store, box, handle } = await cutOffWithHandle('g.bin');
    const queue = createUploadQueue(options(stub, store));
    const [item] = await queue.restore();
    expect(item.resumeNeeds).toBe('nothing');
    queue.resume();
    await queue.settled();
    expect(handle.requests).toBe(0);
    expect(Buffer.compare(stub.objects.get('g.bin')!, box.contents)).toBe(0);
  });

  it('a file changed since starts afresh: a new upload, every part, the old one aborted', async () => {
    const { stub, store, box, before } = await cutOffWithHandle('c.bin');
    box.contents = bytes(11 * MiB); // rewritten on disk: the same size and date, other bytes

    const queue = createUploadQueue(options(stub, store));
    queue.resume((await queue.restore())[0].id);
    await queue.settled();
    expect(sentAfter(stub, before)).toEqual(['c.bin#1', 'c.bin#2', 'c.bin#3']);
    expect(stub.count('CreateMultipartUpload')).toBe(2);
    expect(stub.count('AbortMultipartUpload')).toBe(1);
    expect(Buffer.compare(stub.objects.get('c.bin')!, box.contents)).toBe(0);
  });

  it('permission refused: the item fails with S3UploadSourceError; the same file added again resumes it', async () => {
    const { stub, store, file, handle, before } = await cutOffWithHandle('d.bin');

    handle.state = 'prompt';
    handle.requestPermission = () => (handle.requests++, Promise.resolve('denied'));
    const errors: Error[] = [];
    const queue = createUploadQueue(options(stub, store, { onFileError: (i) => errors.push(i.error!) }));
    const [item] = await queue.restore();
    queue.resume(item.id);
    await stub.until(() => true);
    await expect.poll(() => queue.getSnapshot().items[0].status).toBe('error');
    const error = queue.getSnapshot().items[0].error;
    expect(error).toBeInstanceOf(S3UploadSourceError);
    expect((error as S3UploadSourceError).hint).toMatch(/Pick the file again/);
    expect(errors).toEqual([error]);
    expect(stub.seen.length, 'nothing sent').toBe(before);

    queue.add([file()]); // picked again: replaces the failed item
    await queue.settled();
    expect(queue.getSnapshot().items.map((i) => [i.key, i.status])).toEqual([['d.bin', 'done']]);
    expect(sentAfter(stub, before)).toEqual(['d.bin#2', 'd.bin#3']);
  });

  it('permission dismissed: retry() asks again, from its click, and resumes', async () => {
    const { stub, store, handle, before } = await cutOffWithHandle('e.bin');

    handle.state = 'prompt';
    const answers: PermissionState[] = ['prompt', 'granted']; // closed without an answer, then allowed
    handle.requestPermission = () => (handle.requests++, Promise.resolve(answers.shift()!));
    const queue = createUploadQueue(options(stub, store));
    const [item] = await queue.restore();
    queue.resume(item.id);
    await expect.poll(() => queue.getSnapshot().items[0].status).toBe('error');
    queue.retry(item.id);
    expect(handle.requests, 'asked again, at once').toBe(2);
    await expect.poll(() => queue.getSnapshot().items[0].status).toBe('done');
    expect(queue.getSnapshot().items[0].error, 'the refusal is behind it').toBeUndefined();
    expect(sentAfter(stub, before)).toEqual(['e.bin#2', 'e.bin#3']);
  });

  it('cancel() on a restored item aborts its multipart upload and forgets its record', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    await firstPage(stub, store, [new File([bytes(11 * MiB)], 'x.bin')]);
    const queue = createUploadQueue(options(stub, store));
    const [item] = await queue.restore();
    await queue.cancel(item.id);
    expect(stub.count('AbortMultipartUpload')).toBe(1);
    expect(stub.uploads.size).toBe(0);
    expect(store.records.size).toBe(0);
    expect(queue.getSnapshot().items[0].status).toBe('aborted');
  });
});

describe('keepBytes', () => {
  it('keeps only files up to its limit', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const small = new File([bytes(6 * MiB)], 'small.bin');
    const large = new File([bytes(11 * MiB)], 'large.bin');
    await firstPage(stub, store, [small, large], { keepBytes: 10 * MiB });
    expect([...store.bodies.keys()]).toEqual([`upload-queue:${BUCKET}/small.bin`]);
    const needs = (await createUploadQueue(options(stub, store)).restore()).map((i) => `${i.key}:${i.resumeNeeds}`).sort();
    expect(needs).toEqual(['large.bin:file', 'small.bin:nothing']);
  });

  it('is refused when not a boolean or a size', () => {
    const stub = stubS3();
    expect(() => createUploadQueue(options(stub, memoryResumeStore(), { keepBytes: -1 }))).toThrow(
      /keepBytes must be true, false or a number/,
    );
  });

  it('a store that cannot keep the bytes (its quota full) costs only that: the upload goes on, its record without them', async () => {
    const stub = stubS3();
    const memory = memoryResumeStore();
    const store = { ...memory, putBody: () => Promise.reject(new DOMException('full', 'QuotaExceededError')) };
    const contents = bytes(11 * MiB);
    await firstPage(stub, store, [new File([contents], 'q.bin', { lastModified: 4 })], { keepBytes: true });
    expect(memory.records.size).toBe(1);
    const before = stub.seen.length;
    const queue = createUploadQueue(options(stub, store, { keepBytes: true }));
    const [item] = await queue.restore();
    expect(item.resumeNeeds).toBe('file');
    queue.add([new File([contents], 'q.bin', { lastModified: 4 })]);
    await queue.settled();
    expect(sentAfter(stub, before)).toEqual(['q.bin#2', 'q.bin#3']);
    expect(Buffer.compare(stub.objects.get('q.bin')!, contents)).toBe(0);
  });
});

describe('files noted as they are added', () => {
  it('with keepBytes, a whole batch comes back: a single PUT cut off and files not started yet (one of them large), each sent once it resumes', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const files = [MiB, MiB + 1, 11 * MiB].map((size, i) => new File([bytes(size)], `${i}.bin`, { lastModified: i }));
    const hold = gate();
    stub.before = (r) => (r.action === 'PutObject' ? hold.wait() : undefined);
    createUploadQueue(options(stub, store, { concurrency: 1, keepBytes: true })).add(files);
    // The first file's PUT is at S3, the others wait for a slot: every file is in the store already.
    await stub.until(() => stub.count('PutObject') === 1);
    await expect.poll(() => [store.records.size, store.bodies.size]).toEqual([3, 3]);
    expect([...store.records.values()].map((r) => [r.key, r.uploadId, r.source?.name])).toEqual(files.map((f) => [f.name, '', f.name]));
    stub.before = undefined; // the page goes; its PUT never answered

    const queue = createUploadQueue(options(stub, store, { keepBytes: true }));
    const items = await queue.restore();
    expect(items.map((i) => [i.key, i.status, i.resumeNeeds, i.total, i.loaded])).toEqual(
      files.map((f) => [f.name, 'paused', 'nothing', f.size, 0]),
    );
    queue.resume();
    await queue.settled();
    expect(queue.getSnapshot().items.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    for (const f of files) expect(Buffer.compare(stub.objects.get(f.name)!, new Uint8Array(await f.arrayBuffer()))).toBe(0);
    expect(stub.count('PutObject'), 'the cut-off PUT and the two small files').toBe(3);
    expect(stub.count('CreateMultipartUpload'), 'the large file, started afresh').toBe(1);
    expect(stub.count('AbortMultipartUpload'), 'its note had no upload to abort').toBe(0);
    expect(store.records.size, 'each record gone once its file is done').toBe(0);
    expect(store.bodies.size).toBe(0);
  });

  it('without kept bytes or handles, the batch comes back as files to pick again, and adding them replaces them', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const files = [new File([bytes(MiB)], 'p.bin', { lastModified: 5 }), new File([bytes(MiB)], 'q.bin', { lastModified: 6 })];
    const hold = gate();
    stub.before = (r) => (r.action === 'PutObject' ? hold.wait() : undefined);
    createUploadQueue(options(stub, store)).add(files);
    await expect.poll(() => store.records.size).toBe(2);
    stub.before = undefined; // the page goes; its PUTs never answered

    const queue = createUploadQueue(options(stub, store));
    expect((await queue.restore()).map((i) => `${i.key}:${i.resumeNeeds}`)).toEqual(['p.bin:file', 'q.bin:file']);
    queue.add(files);
    await queue.settled();
    expect(queue.getSnapshot().items.map((i) => `${i.key}:${i.status}`)).toEqual(['p.bin:done', 'q.bin:done']);
    for (const f of files) expect(Buffer.compare(stub.objects.get(f.name)!, new Uint8Array(await f.arrayBuffer()))).toBe(0);
    expect(store.records.size).toBe(0);
  });

  it('a file canceled before it starts leaves no record and no kept bytes', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const hold = gate();
    stub.before = (r) => (r.action === 'PutObject' ? hold.wait() : undefined);
    const queue = createUploadQueue(options(stub, store, { concurrency: 1, keepBytes: true }));
    const [, waiting] = queue.add([new File([bytes(MiB)], 'w.bin'), new File([bytes(MiB)], 'x.bin')]);
    await expect.poll(() => [store.records.size, store.bodies.size]).toEqual([2, 2]);
    expect(queue.getSnapshot().items[1].status).toBe('queued');
    await queue.cancel(waiting.id);
    expect([...store.records.keys(), ...store.bodies.keys()]).toEqual([`upload-queue:${BUCKET}/w.bin`, `upload-queue:${BUCKET}/w.bin`]);
    hold.open();
    await queue.settled();
    expect([store.records.size, store.bodies.size]).toEqual([0, 0]);
    expect(stub.seen.map((r) => r.key)).toEqual(['w.bin']);
  });

  it('a restored file that never started, canceled, sends no AbortMultipartUpload and forgets its note', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const hold = gate();
    stub.before = (r) => (r.action === 'PutObject' ? hold.wait() : undefined);
    createUploadQueue(options(stub, store, { concurrency: 1 })).add([new File([bytes(MiB)], 'y.bin'), new File([bytes(MiB)], 'z.bin')]);
    await expect.poll(() => store.records.size).toBe(2);
    stub.before = undefined; // the page goes
    const before = stub.seen.length;

    const queue = createUploadQueue(options(stub, store));
    const items = await queue.restore();
    const z = items.find((i) => i.key === 'z.bin')!;
    await queue.cancel(z.id);
    expect(stub.seen.slice(before), 'nothing on S3 to abort').toEqual([]);
    expect([...store.records.keys()]).toEqual([`upload-queue:${BUCKET}/y.bin`]);
  });

  it('a file added again over its own unfinished upload continues it: the record is not replaced by a new note', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const contents = bytes(11 * MiB);
    const file = () => new File([contents], 'again.bin', { lastModified: 9 });
    await firstPage(stub, store, [file()]);
    const before = stub.seen.length;
    const queue = createUploadQueue(options(stub, store));
    queue.add([file()]); // without restore(): as an app that does not use it
    await queue.settled();
    expect(sentAfter(stub, before)).toEqual(['again.bin#2', 'again.bin#3']);
    expect(stub.count('CreateMultipartUpload')).toBe(1);
    expect(Buffer.compare(stub.objects.get('again.bin')!, contents)).toBe(0);
  });
});
