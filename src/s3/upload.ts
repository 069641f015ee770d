// The orchestration of one upload: options resolved once (defaults.ts), the body cut into parts
// (parts.ts), a multipart upload resumed (resume.ts) or created (multipart.ts), its parts run in
// the pool that pauses, resumes and aborts them (pool.ts), then completed. A body up to the part
// size is one part PUT to the object's own URL, run through the same pool. Parts are Blob slices:
// the file is never read whole into memory. While the browser is offline the pool is held as a
// pause holds it, and every request waits (request.ts), so a lost connection spends no attempt.
import { objectUrl } from './address';
import { requestContext, resolveUpload, S3_DEFAULTS, type UploadOptions } from './defaults';
import { S3CorsError, S3UploadError, S3UploadSourceError } from './errors';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, partUrl } from './multipart';
import { cutParts, putPart, type Part } from './parts';
import { createPool, PAUSED, type PartJob } from './pool';
import { progressOf, progressReporter } from './progress';
import { resumeIn } from './resume';
import type { RequestContext } from './request';
import type { S3Answer } from './transport';
import type { Upload, UploadResult, UploadState } from './upload-types';

export type { UploadOptions } from './defaults';
export type { Upload, UploadResult, UploadState } from './upload-types';

/** Where S3 stored the object. */
type Stored = Omit<UploadResult, 'bucket' | 'key'>;

/** Where a job sends its part; the rest of its PartTarget (parts.ts) is the upload's. */
interface JobTarget {
  url: string;
  headers?: Record<string, string>;
  /** The object's single PUT, not a part of a multipart upload. */
  single?: boolean;
  /** Told S3's answer: the single PUT's has the object's version. */
  onAnswer?: (answer: S3Answer) => void;
}

/**
 * Uploads a File, Blob or Uint8Array to S3 from the browser: one signed PUT up to the part size,
 * multipart above it, with byte-level progress, per-request retries, pause and resume, abort that
 * leaves nothing in the bucket, and resume after a reload (with `resumeKey`). Parts are Blob
 * slices, so the file is never read whole into memory. Defaults are in {@link S3_DEFAULTS}.
 *
 * @returns The running upload; await its `done`.
 * @throws {@link S3ValidationError} when an option is wrong (bucket, key, region, endpoint, body,
 *   metadata, partSize, concurrency, maxAttempts, ...), before any request.
 *
 * @example
 * ```ts
 * import { uploadToS3 } from 'web-identity-kit/s3';
 *
 * const upload = uploadToS3({
 *   bucket: 'my-uploads',
 *   key: `incoming/${file.name}`,
 *   region: 'eu-west-1',
 *   body: file,
 *   credentials: session.getCredentials,
 *   onProgress: (p) => console.log(`${p.loaded} / ${p.total}`),
 * });
 * const { location } = await upload.done;
 * ```
 */
export function uploadToS3(o: UploadOptions): Upload {
  return startUpload(requestContext(o), o);
}

/**
 * {@link uploadToS3} on a request context made beforehand: a queue's files share one, so what one
 * learns (S3's clock) serves all. The context's options in `o` are not read again.
 */
export function startUpload(ctx: RequestContext, o: UploadOptions): Upload {
  const { size, partSize, checksum, limiter, store } = resolveUpload(o);
  const { network } = ctx;
  const crc32 = checksum === 'crc32';
  const parts = cutParts(size, partSize);
  const pool = createPool(limiter);
  const resume = store && resumeIn(store, o.resumeKey!, { ...o, partSize, checksum });
  const progress = progressReporter(o.onProgress, S3_DEFAULTS.progressIntervalMs);
  const report = (final = false) => progress.update(progressOf(parts, size), final);
  let settled: 'done' | 'failed' | 'aborted' | undefined;
  let uploadId: string | undefined;
  /** CreateMultipartUpload in flight: abort() waits for its id, or the upload would linger. */
  let creating: Promise<unknown> | undefined;
  let resolve!: (r: UploadResult) => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<UploadResult>((res, rej) => ((resolve = res), (reject = rej)));
  // A rejection nobody awaits yet must not become an unhandled one before the caller attaches.
  done.catch(() => {});

  /** Part `p`'s job in the pool: its PUT, then its line in the resume record. */
  const job =
    (p: Part, { url, headers = {}, single = false, onAnswer }: JobTarget): PartJob =>
    async (signal) => {
      try {
        const unreadable = (cause: unknown) => new S3UploadSourceError({ partNumber: p.number, uploadId, cause, resumable: !!resume });
        // Not onAnswer?.(await putPart(...)): without onAnswer, ?. would skip the PUT itself.
        const answer = await putPart(ctx, p, { url, headers, single, body: o.body, crc32, moved: report, unreadable }, signal);
        onAnswer?.(answer);
      } catch (e) {
        if (signal.reason === PAUSED) {
          p.loaded = 0; // sent again, from its first byte, on resume
          report();
        }
        if (signal.aborted || !uploadId || e instanceof S3CorsError || e instanceof S3UploadSourceError) throw e;
        throw new S3UploadError(`Part ${p.number} of ${parts.length} failed: ${(e as Error)?.message ?? e}`, {
          partNumber: p.number,
          uploadId,
          cause: e,
          resumable: !!resume,
        });
      }
      await resume?.partDone(p);
    };

  const putObject = async (): Promise<Stored> => {
    const location = objectUrl(o);
    let versionId: string | undefined;
    const onAnswer = (a: S3Answer) => (versionId = a.header('x-amz-version-id') ?? undefined);
    await pool.run([job(parts[0], { url: location, headers: objectHeaders(o), single: true, onAnswer })]);
    await resume?.forget(); // a queue notes its files before they start, single PUTs too
    return { etag: parts[0].etag!, location, versionId };
  };

  const multipart = async (): Promise<Stored> => {
    uploadId = await resume?.reopen(ctx, o.body, parts, pool.signal);
    if (!uploadId) {
      const headers = objectHeaders(o);
      if (crc32) headers['x-amz-checksum-algorithm'] = 'CRC32';
      creating = createMultipartUpload(ctx, o, headers, pool.signal).then((id) => (uploadId = id));
      await creating;
      // Aborted while S3 was creating it: abort() waited for the id and removes the upload.
      pool.signal.throwIfAborted();
      await resume?.begin(uploadId!);
    }
    const id = uploadId!;
    report();
    try {
      await pool.run(parts.filter((p) => !p.etag).map((p) => job(p, { url: partUrl(o, id, p.number) })));
    } catch (e) {
      // A failed upload is aborted on S3 too, unless it is meant to be resumed (run() stops the progress).
      if (pool.state === 'failed' && !resume) await abortMultipartUpload(ctx, o, id).catch(() => {});
      throw e;
    }
    const stored = await completeMultipartUpload(ctx, o, id, parts, crc32, pool.signal);
    await resume?.forget();
    return stored;
  };

  const run = async () => {
    if (pool.signal.aborted) return;
    try {
      const stored = await (parts.length > 1 ? multipart() : putObject());
      if (settled) return;
      settle('done');
      report(true);
      resolve({ bucket: o.bucket, key: o.key, ...stored });
    } catch (e) {
      if (pool.signal.aborted) return;
      settle('failed');
      progress.stop();
      reject(e);
    }
  };

  /** The run, from its start to its end: abort() returns once it has wound down. */
  let running: Promise<void> | undefined;
  const state = (): UploadState => settled ?? (pool.state === 'waiting' ? 'waiting-for-network' : pool.state);
  /** The state onStateChange was last told of. */
  let told = state();
  const changed = () => {
    const now = state();
    if (now === told) return;
    told = now;
    o.onStateChange?.(now);
  };
  /** The browser went offline or came back: the pool is held or let go, as pause and resume do. */
  const followNetwork = () => {
    if (network.isOnline() ? pool.online() : pool.offline()) report(true);
    changed();
  };
  let unfollow = () => {};
  const settle = (how: 'done' | 'failed' | 'aborted') => {
    settled = how;
    unfollow();
    changed();
  };
  /**
   * Ends with nothing open: nothing more is sent; a CreateMultipartUpload in flight is waited
   * for (its id is needed to abort it); every request in flight is stopped and the run let wind
   * down, so no part lands after AbortMultipartUpload.
   */
  const abort = async (reason: unknown) => {
    if (state() === 'done' || state() === 'aborted') return;
    pool.abort(reason);
    settle('aborted');
    progress.stop();
    try {
      await creating?.catch(() => {});
      await running;
      if (uploadId) await abortMultipartUpload(ctx, o, uploadId);
      await resume?.forget();
    } finally {
      reject(reason);
    }
  };

  const handle: Upload = {
    done,
    pause: () => void (!settled && pool.pause() && (report(true), changed())),
    resume: () => void (!settled && pool.resume() && changed()),
    abort: () => abort(new DOMException('The upload was aborted', 'AbortError')),
    get state() {
      return state();
    },
    get uploadId() {
      return uploadId;
    },
  };
  if (o.signal?.aborted) void abort(o.signal.reason);
  else {
    unfollow = network.subscribe(followNetwork);
    if (!network.isOnline()) pool.offline();
    told = state();
    o.signal?.addEventListener('abort', () => void abort(o.signal!.reason), { once: true });
    // Started on a later tick, so abort() right after this call is in time to send nothing.
    running = Promise.resolve().then(run);
  }
  return handle;
}

/** The object's own headers, from the options (checked in defaults.ts). */
function objectHeaders(o: UploadOptions): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': o.contentType || (o.body instanceof Blob && o.body.type) || 'application/octet-stream',
  };
  if (o.cacheControl) h['cache-control'] = o.cacheControl;
  if (o.tagging) h['x-amz-tagging'] = o.tagging;
  for (const [k, v] of Object.entries(o.metadata ?? {})) h[`x-amz-meta-${k.toLowerCase()}`] = v;
  return h;
}
