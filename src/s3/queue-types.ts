// The upload queue's public shape: what goes in (files, settings), what comes out (a snapshot of
// every file and of the batch), and its controls. Kept apart from the queue's workings (queue.ts)
// so the React layer and the docs read one short file.
import type { UploadOptions } from './defaults';
import type { PickedFile } from './picked-files';
import type { ResumeNeeds } from './queue-restore';
import type { UploadResult } from './upload';

/**
 * The options of {@link createUploadQueue}: where every file goes and how, as for
 * {@link uploadToS3} (less the per-file body, key and callbacks), plus the batch's limits.
 */
export interface UploadQueueOptions extends Omit<
  UploadOptions,
  'body' | 'key' | 'onProgress' | 'onStateChange' | 'signal' | 'resumeKey' | 'limiter' | 'concurrency' | 'contentType'
> {
  /**
   * Requests in flight across all files at once: a small file takes one (its single PUT), a large
   * one up to this many (its parts); CreateMultipartUpload, CompleteMultipartUpload and the others
   * count too, as the browser's connections per host do. Default {@link s3.S3_DEFAULTS | S3_DEFAULTS}.queueConcurrency.
   */
  concurrency?: number;
  /** Prepended to each file's key by the default `key`. Default ''. */
  keyPrefix?: string;
  /**
   * Each file's key. Default: keyPrefix + the file's path in its folder, else its name. A Blob has
   * no name: without this function add() refuses it; with it, the Blob comes as a File named ''.
   */
  key?: (file: PickedFile) => string;
  /**
   * Keep each file's upload resumable after a reload or a failure: adding the same file (same key,
   * same fingerprint) again, to this queue or a new one on the same `resumeStore`, sends only the
   * parts S3 lacks. Each file's record is kept under 'upload-queue:' + bucket + '/' + key. Files up
   * to the part size are one PUT, sent again whole. Each record also says where the file is (its
   * name, size, dates and, where the browser gave one, its FileSystemFileHandle; never a
   * credential), so {@link UploadQueue.restore} can bring the unfinished files back after a reload.
   * Default false.
   */
  resumable?: boolean;
  /**
   * With `resumable`, also keep each file's bytes in the resume store (IndexedDB), so that after a
   * reload it resumes without the file being picked again: `true` for files up to
   * {@link s3.S3_DEFAULTS | S3_DEFAULTS}.keepBytesUpTo (64 MiB), or the largest size in bytes. A
   * store that cannot keep them (its quota full) only costs that: the upload goes on. Only files
   * uploaded in parts have records. Default false.
   */
  keepBytes?: boolean | number;
  /**
   * Called once each time a file is stored in S3, with its item (`result` set), as the snapshot
   * shows it from then on. Not called for progress, nor for a file that was canceled.
   */
  onFileDone?: (item: QueueItem) => void;
  /**
   * Called once each time a file fails, with its item (`error` set); the file waits for retry()
   * or cancel(). Not called for a file that was canceled: that is the user's doing, not a failure.
   */
  onFileError?: (item: QueueItem) => void;
}

/** Where one file of the queue is; 'aborted' once canceled, the word an upload's state (UploadState) and useS3Upload use. */
export type QueueItemStatus = 'queued' | 'uploading' | 'paused' | 'waiting-for-network' | 'done' | 'error' | 'aborted';

/** One file of the queue, as its snapshot shows it (replaced whole on every change). */
export interface QueueItem {
  /** Unique in the queue's life; what pause, resume, cancel and retry take. */
  readonly id: string;
  readonly file: File | Blob;
  readonly key: string;
  /** The path under the folder it was dropped or picked in; '' for a file on its own. */
  readonly relativePath: string;
  readonly status: QueueItemStatus;
  /** Bytes sent (and, of finished parts, acknowledged); a part cut by a pause counts from 0 again. */
  readonly loaded: number;
  /** The file's size. */
  readonly total: number;
  /** Once done. */
  readonly result?: UploadResult;
  /** Once failed: the typed error of {@link uploadToS3} (S3UploadError, S3CorsError, ...). */
  readonly error?: Error;
  /**
   * Brought back by {@link UploadQueue.restore} and not started since: what resuming it needs.
   * 'nothing' and 'permission': resume(id) from a click ('permission' asks the browser's one
   * prompt to read the file again); 'file': add the same file again, which replaces this item.
   * Until then `file` is an empty stand-in with the file's name, and `total` the file's size.
   */
  readonly resumeNeeds?: ResumeNeeds;
}

/** The whole batch: every file, and the totals over those not aborted. */
export interface QueueSnapshot {
  /** In the order they were added. */
  readonly items: readonly QueueItem[];
  /** Bytes sent, all files together. */
  readonly loaded: number;
  /** Bytes of all files together. */
  readonly total: number;
  /** Files stored in S3. */
  readonly filesDone: number;
  /** Files in the batch (aborted ones are not). */
  readonly filesTotal: number;
  /** Files that failed and wait for retry() or cancel(). */
  readonly filesFailed: number;
  /** Over the last few seconds, all files together (on the `now` clock); 0 while paused. */
  readonly bytesPerSecond: number;
  /** The bytes of the files still to do, at the current rate; undefined while there is no rate to go by. */
  readonly secondsLeft?: number;
  /** 'idle' when nothing is left to do (all done, failed or aborted), else the batch's state. */
  readonly status: 'idle' | 'uploading' | 'paused' | 'waiting-for-network';
}

/** Many files under one limit of requests in flight: made by {@link createUploadQueue}. */
export interface UploadQueue {
  /**
   * Queues files (a File or Blob, or a {@link PickedFile} with its folder path); returns their
   * items. They start in the order added, as the limit has room.
   *
   * @throws {@link S3ValidationError} before queuing any of them, when one has no key (a Blob
   *   without the `key` option), a bad key, or the key of another file not yet done or aborted.
   */
  add(files: Iterable<File | Blob | PickedFile>): QueueItem[];
  /** Pauses one file (its requests in flight are cut, its slots go to other files), or every file when no id is given. Unknown ids are ignored. */
  pause(id?: string): void;
  /** Resumes one paused file, or every paused file. */
  resume(id?: string): void;
  /**
   * Cancels one file, or every file not yet done; resolves once S3 keeps nothing of them
   * (AbortMultipartUpload). A file that finished meanwhile stays done. Rejects with the first
   * AbortMultipartUpload that failed (the files are aborted all the same).
   */
  cancel(id?: string): Promise<void>;
  /** Starts a failed file again (resuming from the parts S3 has, when resumable); other files are left as they are. */
  retry(id: string): void;
  /**
   * With `resumable`: brings back the files of this queue's bucket whose uploads a reload (or a
   * closed tab) cut off, as paused items saying what resuming needs ({@link QueueItem.resumeNeeds}):
   * a file whose bytes were kept (`keepBytes`) or whose handle the page may read resumes as it is;
   * one whose handle needs the user's permission resumes from a click on resume(id), which asks
   * once (Chromium); any other is picked again by the user. Resumed, each sends only the parts S3
   * lacks (a file changed since starts afresh). Canceling one aborts its multipart upload on S3.
   * Files already in the queue are left out; later calls return the first call's items.
   * Resolves to [] when not resumable, or when the resume store cannot list its records.
   */
  restore(): Promise<QueueItem[]>;
  /** Removes done, failed and aborted files from the snapshot (a failed resumable file's parts stay in S3 for a later resume). */
  clearFinished(): void;
  /** The current state, immutable and replaced whole on every change (for useSyncExternalStore). */
  getSnapshot(): QueueSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves once no file is queued, uploading, paused or waiting (each done, failed or aborted). */
  settled(): Promise<void>;
}
