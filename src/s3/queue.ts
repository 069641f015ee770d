// Many files under one limit of requests in flight. Each file is one uploadToS3, started in the
// order added only when the shared slots have room (queue-slots.ts), so a batch of hundreds costs
// nothing up front; small files fill the limit one PUT each, large ones by parts. The queue moves
// each file through its states (kept, with the snapshot, in queue-list.ts) and passes pause,
// resume and cancel to the file's upload. A resumable queue's files come back after a
// reload through restore() (queue-restore.ts).
import { requestContext, resolveUpload, S3_DEFAULTS } from './defaults';
import { S3UploadSourceError } from './errors';
import { reopenFile } from './file-handles';
import { inputsOf, checkKeyRules, type KeyRules } from './queue-input';
import { entryList, itemOf, type Entry } from './queue-list';
import { discardRestored, keepLimitOf, queueFileStore, queueResumeKey, restoredFiles, sourceOf } from './queue-restore';
import { queueSlots } from './queue-slots';
import { rateMeter } from './queue-totals';
import type { QueueItem, UploadQueue, UploadQueueOptions } from './queue-types';
import { defaultResumeStore, type ResumeStore } from './resume-store';
import { startUpload, type Upload, type UploadState } from './upload';

export type * from './queue-types';

/**
 * Uploads many files under one limit of requests in flight: small files fill it one PUT each,
 * large ones by parts, started in the order added as the limit has room. Per-file and total
 * progress (bytes, files done, rate, time left), pause, resume and cancel per file or for all,
 * retry per file, and with `resumable` each file resumes after a reload: adding the same files to
 * a new queue sends only the parts S3 lacks. Framework-free; `useS3UploadQueue` is its React side.
 *
 * @returns The queue; add files to it, read {@link UploadQueue.getSnapshot} and subscribe.
 * @throws {@link S3ValidationError} when an option is wrong (bucket, region, endpoint, concurrency,
 *   keyPrefix, key, partSize, ...), before any request. {@link UploadQueue.add} throws it too, for a
 *   file it cannot make a key for (a Blob without `key`) or two files with one key.
 *
 * @example
 * ```ts
 * import { createUploadQueue, filesFromDrop } from 'web-identity-kit/s3';
 *
 * const queue = createUploadQueue({
 *   bucket: 'my-uploads',
 *   region: 'eu-west-1',
 *   credentials: session.getCredentials,
 *   keyPrefix: 'incoming/',
 *   resumable: true,
 * });
 * dropZone.addEventListener('drop', async (event) => {
 *   event.preventDefault();
 *   queue.add(await filesFromDrop(event.dataTransfer!)); // folders keep their paths in the keys
 * });
 * queue.subscribe(() => {
 *   const { loaded, total, filesDone, filesTotal } = queue.getSnapshot();
 *   bar.value = total ? loaded / total : 0;
 *   label.textContent = `${filesDone} of ${filesTotal} files`;
 * });
 * cancelAll.onclick = () => queue.cancel();
 * ```
 */
export function createUploadQueue(options: UploadQueueOptions): UploadQueue {
  const {
    concurrency = S3_DEFAULTS.queueConcurrency,
    keyPrefix = '',
    key,
    resumable = false,
    keepBytes,
    onFileDone,
    onFileError,
    ...where
  } = options;
  const keepUpTo = keepLimitOf(keepBytes);
  const rules: KeyRules = { address: where, keyPrefix, key };
  checkKeyRules(rules);
  // One request context for every file: what one learns (S3's clock, on a skewed machine) serves all.
  const ctx = requestContext(where);
  resolveUpload({ ...where, key: 'a', body: new Uint8Array(0) }); // the files' own options but key and body, checked now
  const slots = queueSlots(concurrency, ctx.transport, fill);
  const resumeStore = resumable ? (where.resumeStore ?? defaultResumeStore()) : undefined;
  const meter = rateMeter(where.now ?? Date.now);
  const list = entryList(() => meter.rate());
  const { running, set, touch } = list;
  let restoring: Promise<QueueItem[]> | undefined;
  /** Before files may start moving again: the rate is measured afresh if nothing was moving. */
  const wake = () => running.size || meter.restart();

  /** Starts queued files, first added first, while the slots have room. */
  function fill() {
    for (let e = list.nextQueued(); e && slots.room(running) > 0; e = list.nextQueued()) start(e);
  }

  function start(e: Entry) {
    e.needs = e.discard = undefined;
    e.reported = false;
    e.demand = 0;
    set(e, 'uploading');
    let upload: Upload;
    try {
      // The queue's context but the transport, the file's view of the slots: the clock and signer stay shared.
      const { limiter, transport } = slots.forFile(e);
      upload = e.upload = startUpload(
        { ...ctx, transport },
        {
          ...where,
          key: e.key,
          body: e.file,
          limiter,
          resumeKey: resumeStore && queueResumeKey(where.bucket, e.key),
          resumeStore: (e.store ??= storeFor(e)),
          onProgress: (p) => moved(e, upload, p.loaded),
          onStateChange: (state) => followState(e, upload, state),
        },
      );
    } catch (error) {
      e.error = error as Error;
      set(e, 'error');
      return onFileError?.(itemOf(e));
    }
    // A settled upload that is no longer the file's (retried since) or was canceled changes nothing.
    // The app is told last, once the queue's own state is whole (and the next files started).
    upload.done.then(
      (result) => upload === e.upload && ((e.result = result), (e.loaded = e.file.size), set(e, 'done'), fill(), onFileDone?.(itemOf(e))),
      (error: Error) =>
        upload === e.upload && e.status !== 'aborted' && ((e.error = error), set(e, 'error'), fill(), onFileError?.(itemOf(e))),
    );
  }

  function moved(e: Entry, upload: Upload, loaded: number) {
    if (upload !== e.upload || e.status === 'aborted') return;
    if (e.reported && loaded > e.loaded) meter.add(loaded - e.loaded);
    e.reported = true;
    e.loaded = loaded;
    touch(e);
  }

  /** The browser went offline or came back: the file waits for the network, or runs again. */
  function followState(e: Entry, upload: Upload, state: UploadState) {
    if (upload !== e.upload) return;
    if (state === 'waiting-for-network' && e.status === 'uploading') set(e, state);
    if (state === 'running' && e.status === 'waiting-for-network') set(e, 'uploading');
  }

  const pauseOne = (e: Entry) => {
    if (e.status === 'queued') set(e, 'paused');
    if (e.status !== 'uploading' && e.status !== 'waiting-for-network') return;
    e.upload!.pause();
    set(e, 'paused');
  };
  /** The bytes of the file to keep in the store with its record, if asked for and small enough. */
  const bodyToKeep = (e: Entry) => (keepUpTo !== undefined && !e.fromBody && e.file.size <= keepUpTo ? e.file : undefined);
  /** The store as the file's upload sees it: the file noted in it at once, to be restored after a reload. */
  const storeFor = (e: Entry) =>
    resumeStore && queueFileStore(resumeStore, { ...where, key: e.key }, sourceOf(e.file, e.relativePath, e.handle), bodyToKeep(e));

  /**
   * A restored file's handle read again: the permission asked at once (within the user's click),
   * then queued. A file that cannot be read fails with S3UploadSourceError: picking it again helps.
   */
  const reopenOne = (e: Entry) => {
    if (e.reopening || !e.handle) return;
    e.reopening = reopenFile(e.handle)
      .then(
        (file) => {
          if (e.status === 'aborted' || !list.has(e)) return;
          Object.assign(e, { file, needs: 'nothing', size: undefined, error: undefined });
          wake();
          set(e, 'queued');
          fill();
        },
        (cause: unknown) => {
          if (e.status === 'aborted' || !list.has(e)) return;
          e.error = new S3UploadSourceError({ cause, resumable: true });
          set(e, 'error');
          onFileError?.(itemOf(e));
        },
      )
      .finally(() => (e.reopening = undefined));
  };
  const resumeOne = (e: Entry) => {
    if (e.status !== 'paused' || e.needs === 'file') return;
    if (e.needs === 'permission') return reopenOne(e);
    if (!e.upload) return set(e, 'queued');
    e.upload.resume();
    set(e, e.upload.state === 'waiting-for-network' ? 'waiting-for-network' : 'uploading');
  };
  /** Marks the file aborted at once (so none starts in its place meanwhile); resolves once S3 keeps nothing of it. */
  const cancelOne = (e: Entry): Promise<void> => {
    if (e.status === 'done' || e.status === 'aborted') return Promise.resolve();
    e.gone = true;
    set(e, 'aborted');
    return e.upload?.abort() ?? e.discard?.() ?? e.store?.delete(queueResumeKey(where.bucket, e.key)) ?? Promise.resolve();
  };
  const restore = async (store: ResumeStore): Promise<QueueItem[]> => {
    const files = await restoredFiles(store, where.bucket, list.busyKeys());
    const busy = list.busyKeys(); // files added while the store was read win
    const restored = files
      .filter((f) => !busy.has(f.key))
      .map(({ uploadId, ...f }) =>
        list.make(f, { status: 'paused', discard: discardRestored(ctx, { ...where, key: f.key }, uploadId, store) }),
      );
    list.splice(restored);
    return restored.map(itemOf);
  };

  return {
    add(files) {
      // A failed file keeps its key too: retry() sends it again.
      const added = inputsOf(files, rules, list.busyKeys()).map((input) => list.make(input));
      for (const e of added) e.store = storeFor(e);
      // A restored file not started is replaced by the same file added again.
      const keys = new Set(added.map((e) => e.key));
      list.splice(
        added,
        list.all.filter((e) => e.needs && keys.has(e.key) && e.status !== 'aborted'),
      );
      wake();
      fill();
      return added.map(itemOf);
    },
    pause(id) {
      list.chosen(id).forEach(pauseOne);
    },
    resume(id) {
      wake();
      list.chosen(id).forEach(resumeOne);
      fill();
    },
    async cancel(id) {
      const aborts = list.chosen(id).map(cancelOne);
      fill();
      const failed = (await Promise.allSettled(aborts)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    restore() {
      return (restoring ??= resumeStore ? restore(resumeStore) : Promise.resolve([]));
    },
    retry(id) {
      const e = list.all.find((x) => x.id === id);
      if (e?.status !== 'error' || e.needs === 'file') return;
      if (e.needs === 'permission') return reopenOne(e);
      e.error = e.upload = undefined;
      e.loaded = 0;
      wake();
      set(e, 'queued');
      fill();
    },
    clearFinished: list.clearFinished,
    getSnapshot: list.view.getSnapshot,
    subscribe: list.view.subscribe,
    settled: list.view.settled,
  };
}
