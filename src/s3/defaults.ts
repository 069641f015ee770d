// An upload's options: what each means, its default, and their checking and resolution, done
// once, before any request, so the rest of the uploader reads settled values.
import { checkAddress, objectUrl, type ObjectAddress } from './address';
import { S3ValidationError } from './errors';
import { checkHeaderValue, checkMetadata } from './headers';
import { createUploadLimiter, type UploadLimiter } from './limiter';
import type { UploadProgress } from './progress';
import type { RequestContext } from './request';
import { defaultResumeStore, type ResumeStore } from './resume-store';
import { createS3Signer, type S3Credentials } from './signer';
import { defaultTransport, type Transport } from './transport';
import type { UploadState } from './upload-types';
import { browserNetworkStatus, type NetworkStatus } from '../shared/network-status';
import { backoff, type RetryDelay } from '../shared/retry';

/** Every default of {@link uploadToS3}, {@link createUploadQueue} and {@link presignS3Url}, in one place (read-only). */
export const S3_DEFAULTS = {
  /** Bodies up to this go in one PUT; larger ones in parts of this size (grown for huge files). */
  partSize: 8 * 1024 * 1024,
  /** S3's smallest part but the last. */
  minPartSize: 5 * 1024 * 1024,
  /** S3's most parts per upload. */
  maxParts: 10_000,
  /** Parts in flight at once. */
  concurrency: 4,
  /**
   * Requests in flight at once across all files of an upload queue ({@link createUploadQueue}).
   * Browsers open 6 connections per host over HTTP/1.1 (S3's protocol): with 4, 500 files of
   * 256 KiB went at 66-73% of the same PUTs presigned, with 6 at 90-102%; more only wait in the
   * browser for a connection, their stall timer running.
   */
  queueConcurrency: 6,
  /** Attempts per request (part, create, complete), the first included. */
  maxAttempts: 5,
  /** The first retry waits up to this (ms), doubling with each retry (full jitter). */
  retryBaseDelayMs: 200,
  /** As retryBaseDelayMs, after an attempt that got no answer (status 0) while the browser says online. */
  networkRetryBaseDelayMs: 1000,
  /** No retry waits longer than this (ms). */
  maxRetryDelayMs: 20_000,
  /** No byte moving for this long fails the attempt (a stalled connection). */
  stallTimeoutMs: 60_000,
  /** onProgress is called at most this often. */
  progressIntervalMs: 100,
  /**
   * 'none': the bytes go from disk to the network without passing through JavaScript, so memory
   * stays flat and the CPU free; TLS already protects them in transit and S3 checks the length.
   * 'crc32' reads each part into memory to checksum it, for end-to-end integrity when wanted.
   */
  checksum: 'none' as 'none' | 'crc32',
  /** Presigned URLs last this long unless told (seconds). */
  presignExpiresIn: 900,
  /**
   * With an upload queue's `keepBytes: true`, files up to this size (bytes) are kept in the resume
   * store (IndexedDB), so they resume after a reload without being picked again.
   */
  keepBytesUpTo: 64 * 1024 * 1024,
} as const;

/**
 * S3's default retryDelay: full jitter from 200 ms, capped at 20 s (throttling waits the same),
 * and from 1 s after an attempt that got no answer, so a connection that keeps failing while the
 * browser still says online has some seconds to come back before the attempts are spent.
 */
export const s3RetryDelay: RetryDelay = backoff(
  S3_DEFAULTS.retryBaseDelayMs,
  S3_DEFAULTS.maxRetryDelayMs,
  undefined,
  S3_DEFAULTS.networkRetryBaseDelayMs,
);

/**
 * The options of {@link uploadToS3}: where the object goes ({@link ObjectAddress}), the body, the
 * credentials, and how the upload runs. Defaults are in {@link S3_DEFAULTS}.
 */
export interface UploadOptions extends ObjectAddress {
  /**
   * A File or Blob is sent as slices, never read whole. A Uint8Array is sent as views of it,
   * not copied: leave it unchanged until the upload settles.
   */
  body: Blob | Uint8Array;
  /**
   * An AWS SDK v3 credential provider (e.g. session.getCredentials), asked before every request.
   * The last credentials it gave are kept in memory for the upload's life, to abort it after a
   * sign-out.
   */
  credentials: S3Credentials;
  /** The object's Content-Type. Default: the File's type, else S3's default. */
  contentType?: string;
  /** User metadata, sent as x-amz-meta-* headers (ASCII names and values). */
  metadata?: Record<string, string>;
  /** The object's Cache-Control. */
  cacheControl?: string;
  /** URL-encoded tags, e.g. "project=demo&owner=alice". */
  tagging?: string;
  /** Bytes per part, at least 5 MiB; bodies up to it go in one PUT. Default 8 MiB, grown to stay within 10,000 parts. */
  partSize?: number;
  /** Parts in flight at once, at least 1. Default 4. Unused when a `limiter` is given. */
  concurrency?: number;
  /**
   * Slots shared with other uploads ({@link createUploadLimiter}), so that together they keep
   * to one limit of parts in flight. Default: this upload's own, of `concurrency` slots.
   */
  limiter?: UploadLimiter;
  /** 'crc32' checksums each part end to end (reading it into memory). Default 'none'. */
  checksum?: 'none' | 'crc32';
  /** Called with the progress at most every 100 ms, and once at the end. */
  onProgress?: (p: UploadProgress) => void;
  /**
   * Called when {@link Upload.state} changes (e.g. to 'waiting-for-network' when the browser goes
   * offline, back to 'running' when it is online again), so a UI need not poll it.
   */
  onStateChange?: (state: UploadState) => void;
  /**
   * Whether the browser is online: while it says not, the upload waits in 'waiting-for-network'
   * (no request sent, no attempt spent) and continues once it is back. Injectable for tests.
   * Default: navigator.onLine and the window's online/offline events.
   */
  network?: NetworkStatus;
  /** Aborts the upload as {@link Upload.abort} does; `done` rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Keep the upload's state (no secrets) so it can be resumed after a reload or a failure. A
   * different body under the same resumeKey (told apart by fingerprint.ts) starts a fresh upload
   * and aborts the stale one.
   */
  resumeKey?: string;
  /** Where resumable uploads are kept. Default: IndexedDB where there is one, else memory. */
  resumeStore?: ResumeStore;
  /** Injectable for tests and non-browser hosts. */
  transport?: Transport;
  /** Attempts per request (part, create, complete), the first included: 1 to 10. Default 5. */
  maxAttempts?: number;
  /**
   * The delay before retry number `attempt` (1-based), in ms; `throttling` when S3 asked to slow
   * down, `network` when the attempt got no answer at all. Default: full-jitter exponential
   * backoff from 200 ms (1 s after no answer), capped at 20 s.
   */
  retryDelay?: RetryDelay;
  /** An attempt with no byte moving for this long fails (and is retried). Default 60000 ms. */
  stallTimeoutMs?: number;
  /** The clock requests are signed with (epoch ms); corrected by S3 when skewed. Default Date.now. */
  now?: () => number;
}

/** Part size: the asked one (at least 5 MiB), grown so no upload needs more than 10,000 parts. */
export function choosePartSize(size: number, asked?: number): number {
  if (asked !== undefined && (!Number.isInteger(asked) || asked < S3_DEFAULTS.minPartSize)) {
    throw new S3ValidationError(
      'partSize',
      `must be a whole number of bytes, at least 5 MiB (${S3_DEFAULTS.minPartSize}); got ${asked}`,
      'S3 refuses smaller parts (EntityTooSmall).',
    );
  }
  const MiB = 1024 * 1024;
  const needed = Math.ceil(size / S3_DEFAULTS.maxParts / MiB) * MiB;
  return Math.max(asked ?? S3_DEFAULTS.partSize, needed);
}

/** What a request context is made of: the options every file of a queue shares. */
export type ContextOptions = Pick<
  UploadOptions,
  'region' | 'credentials' | 'now' | 'transport' | 'maxAttempts' | 'retryDelay' | 'stallTimeoutMs' | 'network'
>;

/**
 * How requests are sent: the signer, the clock (with the offset S3 taught it), the transport, the
 * network status and the retries. One per upload, or one per queue, so that what one file learns
 * (S3's clock, on a skewed machine) serves every other instead of each paying a refused request.
 *
 * @throws {@link S3ValidationError} naming the first wrong option (maxAttempts, stallTimeoutMs, credentials).
 */
export function requestContext(o: ContextOptions): RequestContext {
  const maxAttempts = o.maxAttempts ?? S3_DEFAULTS.maxAttempts;
  // NaN compared false with every attempt count, so a part was retried without end.
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10)
    throw new S3ValidationError(
      'maxAttempts',
      `must be a whole number from 1 to 10; got ${maxAttempts}`,
      `The default is ${S3_DEFAULTS.maxAttempts}.`,
    );
  const stallTimeoutMs = o.stallTimeoutMs ?? S3_DEFAULTS.stallTimeoutMs;
  // Timers treat Infinity, and anything past 2^31-1 ms, as 0: every request would time out at once.
  if (!Number.isFinite(stallTimeoutMs) || stallTimeoutMs < 1 || stallTimeoutMs > 2 ** 31 - 1) {
    throw new S3ValidationError(
      'stallTimeoutMs',
      `must be a number of milliseconds from 1 to 2147483647; got ${stallTimeoutMs}`,
      `The default is ${S3_DEFAULTS.stallTimeoutMs}.`,
    );
  }
  return {
    signer: createS3Signer({ region: o.region, credentials: o.credentials }),
    clock: { now: o.now ?? Date.now, offset: 0 },
    transport: o.transport ?? defaultTransport,
    maxAttempts,
    stallTimeoutMs,
    retryDelay: o.retryDelay ?? s3RetryDelay,
    network: o.network ?? browserNetworkStatus(),
  };
}

/** One upload's own options (its object, body and parts), checked and with every default filled in. */
export interface UploadSettings {
  size: number;
  partSize: number;
  checksum: 'none' | 'crc32';
  limiter: UploadLimiter;
  /** Where the upload's record is kept, when it has a resumeKey. */
  store?: ResumeStore;
}

/**
 * Checks one upload's own options and fills in their defaults: a typo fails here, not halfway
 * through a gigabyte. How requests are sent is {@link requestContext}'s.
 *
 * @throws {@link S3ValidationError} naming the first wrong option.
 */
export function resolveUpload(o: UploadOptions): UploadSettings {
  checkAddress(o);
  objectUrl(o); // refuses a plain-http endpoint now
  if (!(o.body instanceof Blob || o.body instanceof Uint8Array)) {
    throw new S3ValidationError(
      'body',
      'must be a File, a Blob or a Uint8Array',
      'Pass the File from an <input type="file"> or a drop event.',
    );
  }
  checkMetadata(o.metadata);
  checkHeaderValue('contentType', o.contentType);
  checkHeaderValue('cacheControl', o.cacheControl);
  checkHeaderValue('tagging', o.tagging);
  const limiter = o.limiter ?? createUploadLimiter(o.concurrency ?? S3_DEFAULTS.concurrency);
  const size = o.body instanceof Blob ? o.body.size : o.body.byteLength;
  return {
    size,
    partSize: choosePartSize(size, o.partSize),
    checksum: o.checksum ?? S3_DEFAULTS.checksum,
    limiter,
    store: o.resumeKey ? (o.resumeStore ?? defaultResumeStore()) : undefined,
  };
}
