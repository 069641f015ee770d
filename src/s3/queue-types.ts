// The upload queue's public shape: what goes in (files, settings), what comes out (a snapshot of
// every file and of the batch), and its controls. Kept apart from the queue's workings (queue.ts)
// so the React layer and the docs read one short file.
import type { UploadOptions } from './defaults';
import type { PickedFile } from './picked-files';
import type { UploadResult } from './upload';

/**
 * The options of {@link createUploadQueue}: where every file goes and how, as for
 * {@link uploadToS3} (less the per-file body, key and callbacks), plus the batch's limits.
 */
export interface UploadQueueOptions extends Omit<
  UploadOptions,
  'body' | 'key' | 'onProgress' | 'signal' | 'resumeKey' | 'limiter' | 'concurrency' | 'contentType'
> {
  /**
   * Requests in flight across all files at once: a small file takes one (its single PUT), a large
   * one up to this many (its parts). Default {@link S3_DEFAULTS}.queueConcurrency.
   */
  concurrency?: number;
  /** Prepended to each file's key by the default `key`. Default ''. */
  keyPrefix?: string;
  /** Each file's key. Default: keyPrefix + the file's path in its folder, else its name. */
  key?: (file: PickedFile) => string;
  /**
   * Keep each file's upload resumable after a reload or a failure: adding the same file (same key,
   * same fingerprint) again sends only the parts S3 lacks. Default false.
   */
  resumable?: boolean;
}

/** Where one file of the queue is. */
export type QueueItemStatus = 'queued' | 'uploading' | 'paused' | 'waiting-for-network' | 'done' | 'error' | 'canceled';

/** One file of the queue, as its snapshot shows it (replaced whole on every change). */
export interface QueueItem {
  /** Unique in the queue's life; what pause, resume, cancel and retry take. */
  readonly id: string;
  readonly file: File | Blob;
  readonly key: string;
  /** The path under the folder it was dropped or picked in; '' for a file on its own. */
  readonly relativePath: string;
  readonly status: QueueItemStatus;
  /** Bytes sent and acknowledged. */
  readonly loaded: number;
  /** The file's size. */
  readonly total: number;
  /** Once done. */
  readonly result?: UploadResult;
  /** Once failed: the typed error of {@link uploadToS3} (S3UploadError, S3CorsError, ...). */
  readonly error?: Error;
}

/** The whole batch: every file, and the totals over those not canceled. */
export interface QueueSnapshot {
  /** In the order they were added. */
  readonly items: readonly QueueItem[];
  readonly loaded: number;
  readonly total: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Files that failed and wait for retry() or cancel(). */
  readonly filesFailed: number;
  /** Over the last few seconds, all files together. */
  readonly bytesPerSecond: number;
  /** At the current rate; undefined while there is no rate to go by. */
  readonly secondsLeft?: number;
  /** 'idle' when nothing is left to do (all done, failed or canceled), else the batch's state. */
  readonly status: 'idle' | 'uploading' | 'paused' | 'waiting-for-network';
}

/** Many files under one limit of requests in flight: made by {@link createUploadQueue}. */
export interface UploadQueue {
  /** Queues files (a File or Blob, or a {@link PickedFile} with its folder path); returns their items. */
  add(files: Iterable<File | Blob | PickedFile>): QueueItem[];
  /** Pauses one file, or every file when no id is given. */
  pause(id?: string): void;
  /** Resumes one paused file, or every paused file. */
  resume(id?: string): void;
  /** Cancels one file, or every file not yet done; resolves once S3 keeps nothing of them (AbortMultipartUpload). */
  cancel(id?: string): Promise<void>;
  /** Starts a failed file again (resuming from the parts S3 has, when resumable). */
  retry(id: string): void;
  /** Removes finished, failed and canceled files from the snapshot. */
  clearFinished(): void;
  /** The current state, immutable and replaced whole on every change (for useSyncExternalStore). */
  getSnapshot(): QueueSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Resolves once no file is queued, uploading, paused or waiting (each done, failed or canceled). */
  settled(): Promise<void>;
}
