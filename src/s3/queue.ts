// Many files under one limit of requests in flight. Each file is one uploadToS3, started in the
// order added only when the shared slots have room (queue-slots.ts), so a batch of hundreds costs
// nothing up front; small files fill the limit one PUT each, large ones by parts. The queue keeps
// each file's state for the snapshot (replaced whole on change, for useSyncExternalStore) and
// passes pause, resume and cancel to the file's upload. A resumable queue's files come back after a
// reload through restore() (queue-restore.ts).
import { requestContext, resolveUpload, S3_DEFAULTS } from './defaults';
import { S3UploadSourceError } from './errors';
import { reopenFile } from './file-handles';
import { abortMultipartUpload } from './multipart';
import { inputsOf, checkKeyRules, type KeyRules, type QueueInput } from './queue-input';
import { keepingSource, keepLimitOf, queueResumeKey, restoredFiles, sourceOf, type ResumeNeeds } from './queue-restore';
import { queueSlots, type FileDemand } from './queue-slots';
import { snapshotStore } from './queue-store';
import { isActive, rateMeter, totalsOf } from './queue-totals';
import type { QueueItem, QueueItemStatus, QueueSnapshot, UploadQueue, UploadQueueOptions } from './queue-types';
import { defaultResumeStore, type ResumeStore } from './resume-store';
import { startUpload, type Upload, type UploadResult, type UploadState } from './upload';

export type * from './queue-types';

/** One file's state, kept here; its item is made from it for each snapshot it changed in. */
interface Entry extends QueueInput, FileDemand {
  id: string;
  status: QueueItemStatus;
  loaded: number;
  result?: UploadResult;
  error?: Error;
  /** The file's current upload, from its start (or its last retry). */
  upload?: Upload;
  /** Its upload's first progress report is the baseline (parts S3 had already), not bytes sent. */
  reported?: boolean;
  item?: QueueItem;
  /** Restored after a reload and not started since: what resuming it needs ('permission' and 'file': `file` is a stand-in). */
  needs?: ResumeNeeds;
  /** A restored file's size, while `file` is a stand-in. */
  size?: number;
  /** Made of the bytes the store kept: not kept again. */
  fromBody?: boolean;
  /** A restored file not started since: drops its multipart upload and record when canceled. */
  discard?: () => Promise<void>;
  /** Its handle's permission asked, the answer not yet in: asked once. */
  reopening?: Promise<void>;
}

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
  let entries: Entry[] = [];
  let restoring: Promise<QueueItem[]> | undefined;
  /** Entries before this index are not queued: where the next file to start is looked for. */
  let from = 0;
  let ids = 0;
  /** Files with work left (queued, uploading, paused, waiting): counted, not searched, on every change. */
  let active = 0;
  /** Files whose upload runs or waits for the network (not paused): what may want a slot soon. */
  const running = new Set<Entry>();
  const view = snapshotStore(
    (): QueueSnapshot => {
      const items = entries.map(itemOf);
      return Object.freeze({ items: Object.freeze(items), ...totalsOf(items, meter.rate()) });
    },
    () => active === 0,
  );
  /** The entry changed (or the list): its item and the snapshot are made again. */
  const touch = (e?: Entry) => {
    if (e) e.item = undefined;
    view.changed();
  };
  const set = (e: Entry, status: QueueItemStatus) => {
    active += Number(isActive({ status })) - Number(isActive(e));
    e.status = status;
    if (status === 'uploading' || status === 'waiting-for-network') running.add(e);
    else running.delete(e);
    touch(e);
  };
  /** Before files may start moving again: the rate is measured afresh if nothing was moving. */
  const wake = () => running.size || meter.restart();

  /** Starts queued files, first added first, while the slots have room. */
  function fill() {
    while (slots.room(running) > 0) {
      while (from < entries.length && entries[from].status !== 'queued') from++;
      if (from === entries.length) return;
      start(entries[from]);
    }
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
          resumeStore: resumeStore && keepingSource(resumeStore, sourceOf(e.file, e.relativePath, e.handle), bodyToKeep(e)),
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

  /**
   * A restored file's handle read again: the permission asked at once (within the user's click),
   * then queued. A file that cannot be read fails with S3UploadSourceError: picking it again helps.
   */
  const reopenOne = (e: Entry) => {
    if (e.reopening || !e.handle) return;
    e.reopening = reopenFile(e.handle)
      .then(
        (file) => {
          if (e.status === 'aborted' || !entries.includes(e)) return;
          Object.assign(e, { file, needs: 'nothing', size: undefined, error: undefined });
          from = 0;
          wake();
          set(e, 'queued');
          fill();
        },
        (cause: unknown) => {
          if (e.status === 'aborted' || !entries.includes(e)) return;
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
    if (!e.upload) return ((from = 0), set(e, 'queued'));
    e.upload.resume();
    set(e, e.upload.state === 'waiting-for-network' ? 'waiting-for-network' : 'uploading');
  };
  /** Marks the file aborted at once (so none starts in its place meanwhile); resolves once S3 keeps nothing of it. */
  const cancelOne = (e: Entry): Promise<void> => {
    if (e.status === 'done' || e.status === 'aborted') return Promise.resolve();
    e.gone = true;
    set(e, 'aborted');
    return e.upload?.abort() ?? e.discard?.() ?? Promise.resolve();
  };
  /** Keys of the files with work left but restored ones not started (adding the same file replaces those). */
  const busyKeys = () => new Set(entries.filter((e) => e.status !== 'done' && e.status !== 'aborted' && !e.needs).map((e) => e.key));
  const entryOf = (input: QueueInput, more: Partial<Entry> = {}): Entry => ({
    id: `${++ids}`,
    status: 'queued',
    loaded: 0,
    demand: 0,
    ...input,
    ...more,
  });
  const restore = async (store: ResumeStore): Promise<QueueItem[]> => {
    const files = await restoredFiles(store, where.bucket, busyKeys());
    const busy = busyKeys(); // files added while the store was read win
    const restored = files
      .filter((f) => !busy.has(f.key))
      .map(({ uploadId, ...f }) =>
        entryOf(f, {
          status: 'paused',
          discard: () =>
            abortMultipartUpload(ctx, { ...where, key: f.key }, uploadId)
              .catch(() => {}) // gone already, or S3's to expire
              .then(() => store.delete(queueResumeKey(where.bucket, f.key))),
        }),
      );
    entries = entries.concat(restored);
    active += restored.length;
    touch();
    return restored.map(itemOf);
  };
  const chosen = (id?: string) => (id === undefined ? entries : entries.filter((e) => e.id === id));

  return {
    add(files) {
      // A failed file keeps its key too: retry() sends it again.
      const added = inputsOf(files, rules, busyKeys()).map((input) => entryOf(input));
      // A restored file not started is replaced by the same file added again.
      const keys = new Set(added.map((e) => e.key));
      const replaced = entries.filter((e) => e.needs && keys.has(e.key) && e.status !== 'aborted');
      entries = entries.filter((e) => !replaced.includes(e)).concat(added);
      active += added.length - replaced.filter(isActive).length;
      from = 0;
      wake();
      touch();
      fill();
      return added.map(itemOf);
    },
    pause(id) {
      chosen(id).forEach(pauseOne);
    },
    resume(id) {
      wake();
      chosen(id).forEach(resumeOne);
      fill();
    },
    async cancel(id) {
      const aborts = chosen(id).map(cancelOne);
      fill();
      const failed = (await Promise.allSettled(aborts)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    restore() {
      return (restoring ??= resumeStore ? restore(resumeStore) : Promise.resolve([]));
    },
    retry(id) {
      const e = entries.find((x) => x.id === id);
      if (e?.status !== 'error' || e.needs === 'file') return;
      if (e.needs === 'permission') return reopenOne(e);
      e.error = e.upload = undefined;
      e.loaded = 0;
      from = 0;
      wake();
      set(e, 'queued');
      fill();
    },
    clearFinished() {
      entries = entries.filter(isActive);
      from = 0;
      touch();
    },
    getSnapshot: view.getSnapshot,
    subscribe: view.subscribe,
    settled: view.settled,
  };
}

/** The entry as its snapshot shows it: made once per change. */
function itemOf(e: Entry): QueueItem {
  return (e.item ??= Object.freeze({
    id: e.id,
    file: e.file,
    key: e.key,
    relativePath: e.relativePath,
    status: e.status,
    loaded: e.loaded,
    total: e.size ?? e.file.size,
    ...(e.needs && { resumeNeeds: e.needs }),
    ...(e.result && { result: e.result }),
    ...(e.error && { error: e.error }),
  }));
}
