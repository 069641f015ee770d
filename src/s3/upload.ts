// uploadToS3: one signed PUT for small bodies, multipart above the part size, with byte-level
// progress, per-part retries, pause/resume, abort that leaves nothing behind, and resume after
// a reload (with resumeKey). Parts are Blob slices: the file is never read whole into memory.
import { checkAddress, objectUrl, type ObjectAddress } from './address';
import { crc32Base64 } from './crc32';
import { S3_DEFAULTS } from './defaults';
import { corsRuleFor, S3CorsError, S3ServiceException, S3UploadError, S3ValidationError } from './errors';
import { progressReporter, type UploadProgress } from './progress';
import { fullJitter, send, type RequestContext } from './request';
import { fingerprintOf } from './fingerprint';
import { checkHeaderValue, checkMetadata } from './headers';
import { defaultResumeStore, type ResumeRecord, type ResumeStore } from './resume-store';
import { createS3Signer, type S3Credentials } from './signer';
import { defaultTransport, type Transport } from './transport';
import { completeBody, readCompleteResult, readListParts, readUploadId } from './xml';
import { optionalGlobal } from '../shared/optional-global';

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
  /** Parts in flight at once, at least 1. Default 4. */
  concurrency?: number;
  /** 'crc32' checksums each part end to end (reading it into memory). Default 'none'. */
  checksum?: 'none' | 'crc32';
  /** Called with the progress at most every 100 ms, and once at the end. */
  onProgress?: (p: UploadProgress) => void;
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
  /** The delay before retry number `attempt` (1-based), in ms. Default: full-jitter exponential backoff from 200 ms, capped at 20 s. */
  retryDelay?: (attempt: number) => number;
  /** An attempt with no byte moving for this long fails (and is retried). Default 60000 ms. */
  stallTimeoutMs?: number;
  /** The clock requests are signed with (epoch ms); corrected by S3 when skewed. Default Date.now. */
  now?: () => number;
}

/** What a finished upload resolves to. */
export interface UploadResult {
  /** The bucket the object is in. */
  bucket: string;
  /** The object's key. */
  key: string;
  /** The object's ETag, as S3 gave it (quoted). */
  etag: string;
  /** The object's URL. */
  location: string;
  /** The object's version, in a versioned bucket. */
  versionId?: string;
}

/** Where an upload is: running, paused, or settled as done, failed or aborted. */
export type UploadState = 'running' | 'paused' | 'done' | 'failed' | 'aborted';

/** A running upload, made by {@link uploadToS3}: its outcome, and pause, resume and abort. */
export interface Upload {
  /**
   * Resolves when the object is in the bucket. Rejects with {@link S3UploadError} (naming the part
   * when one was to blame), {@link S3CorsError}, {@link S3NetworkError} or
   * {@link S3ServiceException} once retries are spent, or with the abort reason.
   */
  done: Promise<UploadResult>;
  /** Starts no new request; the ones in flight finish. */
  pause(): void;
  /** Continues a paused upload. */
  resume(): void;
  /**
   * Sends nothing more, stops every request (waiting for a CreateMultipartUpload in flight, whose
   * id it needs), then AbortMultipartUpload: nothing is left in the bucket. After a sign-out it is
   * signed with the last credentials the upload had, while they are unexpired.
   */
  abort(): Promise<void>;
  /** Where the upload is now. */
  readonly state: UploadState;
  /** The multipart upload's ID, once S3 gave one (none for a single PUT). */
  readonly uploadId?: string;
}

interface Part {
  number: number;
  start: number;
  end: number;
  etag?: string;
  checksum?: string;
  loaded: number;
}

const PAUSED = Symbol('paused');

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
export function uploadToS3(options: UploadOptions): Upload {
  return new Uploader(options).handle;
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

class Uploader {
  readonly handle: Upload;
  readonly #o: UploadOptions;
  readonly #ctx: RequestContext;
  /** Parts are cut from it: Blob.slice, or subarray for bytes already in memory. */
  readonly #body: Blob | Uint8Array;
  readonly #size: number;
  readonly #partSize: number;
  readonly #store?: ResumeStore;
  readonly #inFlight = new Map<number, AbortController>();
  readonly #progress;
  #parts: Part[] = [];
  #queue: number[] = [];
  #state: UploadState = 'running';
  #uploadId?: string;
  #record?: ResumeRecord;
  /** CreateMultipartUpload in flight: abort() waits for its id, or the upload would linger. */
  #creating?: Promise<void>;
  /** Aborted by abort(): no control request (create, list, complete) leaves after it. */
  readonly #stop = new AbortController();
  /** The run, from its start to its end: abort() returns once it has wound down. */
  #running?: Promise<void>;
  #resolve!: (r: UploadResult) => void;
  #reject!: (e: unknown) => void;
  #wake?: () => void;

  constructor(o: UploadOptions) {
    this.#o = o;
    const done = new Promise<UploadResult>((res, rej) => ((this.#resolve = res), (this.#reject = rej)));
    // A rejection nobody awaits yet must not become an unhandled one before the caller attaches.
    done.catch(() => {});
    // The getters below run with the handle as `this`; these closures reach the upload.
    const state = () => this.#state;
    const uploadId = () => this.#uploadId;
    this.handle = {
      done,
      pause: () => this.#pause(),
      resume: () => this.#resumeRun(),
      abort: () => this.#abort(new DOMException('The upload was aborted', 'AbortError')),
      get state() {
        return state();
      },
      get uploadId() {
        return uploadId();
      },
    };
    // Checked before any request: a typo fails here, not halfway through a gigabyte.
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
    const concurrency = o.concurrency ?? S3_DEFAULTS.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new S3ValidationError('concurrency', `must be a whole number of at least 1; got ${concurrency}`, 'Use 4 for most connections.');
    const maxAttempts = o.maxAttempts ?? S3_DEFAULTS.maxAttempts;
    // NaN compared false with every attempt count, so a part was retried without end.
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
      throw new S3ValidationError(
        'maxAttempts',
        `must be a whole number from 1 to 10; got ${maxAttempts}`,
        `The default is ${S3_DEFAULTS.maxAttempts}.`,
      );
    }
    const stallTimeoutMs = o.stallTimeoutMs ?? S3_DEFAULTS.stallTimeoutMs;
    // Timers treat Infinity, and anything past 2^31-1 ms, as 0: every request would time out at once.
    if (!Number.isFinite(stallTimeoutMs) || stallTimeoutMs < 1 || stallTimeoutMs > 2 ** 31 - 1) {
      throw new S3ValidationError(
        'stallTimeoutMs',
        `must be a number of milliseconds from 1 to 2147483647; got ${stallTimeoutMs}`,
        `The default is ${S3_DEFAULTS.stallTimeoutMs}.`,
      );
    }
    // Bytes already in memory are sent as views: a Blob made of them would copy them whole (and,
    // for hundreds of MiB, can meet Chromium's blob memory limit: ERR_BLOB_OUT_OF_MEMORY).
    this.#body = o.body;
    this.#size = o.body instanceof Blob ? o.body.size : o.body.byteLength;
    this.#partSize = choosePartSize(this.#size, o.partSize);
    this.#store = o.resumeKey ? (o.resumeStore ?? defaultResumeStore()) : undefined;
    this.#ctx = {
      signer: createS3Signer({ region: o.region, credentials: o.credentials }),
      clock: { now: o.now ?? Date.now, offset: 0 },
      transport: o.transport ?? defaultTransport,
      maxAttempts,
      stallTimeoutMs,
      retryDelay: o.retryDelay ?? fullJitter,
    };
    this.#progress = progressReporter(o.onProgress, S3_DEFAULTS.progressIntervalMs, () => performance.now());
    if (o.signal?.aborted) {
      void this.#abort(o.signal.reason);
      return;
    }
    o.signal?.addEventListener('abort', () => void this.#abort(o.signal!.reason), { once: true });
    // Started on a later tick, so abort() right after this call is in time to send nothing.
    this.#running = Promise.resolve().then(() => this.#run());
  }

  get #checksum() {
    return this.#o.checksum ?? S3_DEFAULTS.checksum;
  }

  async #run() {
    if (this.#stop.signal.aborted) return;
    try {
      const result = this.#size <= this.#partSize ? await this.#putObject() : await this.#multipart();
      if (this.#state !== 'running' && this.#state !== 'paused') return;
      this.#state = 'done';
      this.#report(true);
      this.#resolve(result);
    } catch (e) {
      if (this.#state === 'aborted') return;
      this.#state = 'failed';
      this.#progress.stop();
      this.#reject(e);
    }
  }

  // ---- one PUT ----------------------------------------------------------------------------

  async #putObject(): Promise<UploadResult> {
    const part: Part = { number: 1, start: 0, end: this.#size, loaded: 0 };
    this.#parts = [part];
    const url = objectUrl(this.#o);
    const headers = this.#objectHeaders();
    const body = await this.#bodyOf(part, headers, 'x-amz-checksum-crc32');
    const answer = await this.#unlessPaused(() =>
      send(
        this.#ctx,
        { method: 'PUT', url, headers, body, onAttempt: () => this.#moved(part, 0), onUploadProgress: (n) => this.#moved(part, n) },
        this.#signalFor(1),
      ),
    );
    const etag = answer.header('etag');
    if (!etag)
      throw this.#corsError('S3 stored the object, but this page cannot read its ETag: the bucket\u2019s CORS rule does not expose it.');
    part.etag = etag;
    part.loaded = this.#size;
    return { bucket: this.#o.bucket, key: this.#o.key, etag, location: url, versionId: answer.header('x-amz-version-id') ?? undefined };
  }

  // ---- multipart --------------------------------------------------------------------------

  async #multipart(): Promise<UploadResult> {
    for (let n = 1, start = 0; start < this.#size; n++, start += this.#partSize) {
      this.#parts.push({ number: n, start, end: Math.min(start + this.#partSize, this.#size), loaded: 0 });
    }
    await this.#startOrResume();
    this.#queue = this.#parts.filter((p) => !p.etag).map((p) => p.number);
    this.#report();
    await this.#drain();
    const answer = await send(this.#ctx, {
      method: 'POST',
      url: objectUrl(this.#o, `uploadId=${encodeURIComponent(this.#uploadId!)}`),
      headers: { 'content-type': 'application/xml' },
      body: completeBody(this.#parts, this.#checksum === 'crc32'),
      stop: this.#stop.signal,
    });
    const result = readCompleteResult(answer.body);
    await this.#store?.delete(this.#o.resumeKey!);
    return {
      bucket: this.#o.bucket,
      key: this.#o.key,
      etag: result.etag ?? answer.header('etag') ?? '',
      location: result.location ?? objectUrl(this.#o),
      versionId: answer.header('x-amz-version-id') ?? undefined,
    };
  }

  async #startOrResume() {
    const fingerprint = this.#store ? await fingerprintOf(this.#o.body) : '';
    const saved = this.#store ? await this.#store.get(this.#o.resumeKey!) : undefined;
    const same =
      saved?.bucket === this.#o.bucket &&
      saved.key === this.#o.key &&
      saved.fingerprint === fingerprint &&
      saved.partSize === this.#partSize &&
      saved.checksum === this.#checksum;
    if (saved && same && (await this.#reconcile(saved))) return;
    // Another body (or part size) under this resumeKey: its upload can never be resumed now.
    if (saved && !same) await this.#abortStale(saved);
    const headers = this.#objectHeaders();
    if (this.#checksum === 'crc32') headers['x-amz-checksum-algorithm'] = 'CRC32';
    this.#creating = send(this.#ctx, { method: 'POST', url: objectUrl(this.#o, 'uploads='), headers, stop: this.#stop.signal }).then(
      (a) => {
        this.#uploadId = readUploadId(a.body);
      },
    );
    await this.#creating;
    // Aborted while S3 was creating it: abort() waited for the id and removes the upload.
    if (this.#state === 'aborted') throw new DOMException('The upload was aborted', 'AbortError');
    this.#record = {
      bucket: this.#o.bucket,
      key: this.#o.key,
      uploadId: this.#uploadId!,
      fingerprint,
      partSize: this.#partSize,
      checksum: this.#checksum,
      parts: {},
    };
    await this.#store?.put(this.#o.resumeKey!, this.#record);
  }

  /** Trusts S3's list of the parts it has (ListParts) over local memory; false if the upload is gone. */
  async #reconcile(saved: ResumeRecord): Promise<boolean> {
    this.#uploadId = saved.uploadId;
    let marker = '';
    const have = new Map<number, { etag: string; size: number }>();
    try {
      do {
        const query = `uploadId=${encodeURIComponent(saved.uploadId)}${marker ? `&part-number-marker=${marker}` : ''}`;
        const page = readListParts(
          (await send(this.#ctx, { method: 'GET', url: objectUrl(this.#o, query), stop: this.#stop.signal })).body,
        );
        for (const p of page.parts) have.set(p.number, p);
        marker = page.truncated ? page.next : '';
      } while (marker);
    } catch (e) {
      if (e instanceof S3ServiceException && e.Code === 'NoSuchUpload') return false;
      throw e;
    }
    for (const part of this.#parts) {
      const server = have.get(part.number);
      if (server && server.size === part.end - part.start) {
        part.etag = server.etag;
        part.checksum = saved.parts[part.number]?.checksum;
        part.loaded = server.size;
      }
    }
    this.#record = {
      ...saved,
      parts: Object.fromEntries(this.#parts.filter((p) => p.etag).map((p) => [p.number, { etag: p.etag!, checksum: p.checksum }])),
    };
    return true;
  }

  /** Runs parts, `concurrency` at a time, until every part is done (waiting while paused). */
  #drain(): Promise<void> {
    return new Promise((resolve, reject) => {
      const pump = () => {
        if (this.#state === 'aborted') return reject(new DOMException('The upload was aborted', 'AbortError'));
        if (this.#state === 'failed') return;
        while (this.#state === 'running' && this.#inFlight.size < (this.#o.concurrency ?? S3_DEFAULTS.concurrency) && this.#queue.length) {
          this.#startPart(this.#queue.shift()!, pump, reject);
        }
        if (!this.#inFlight.size && !this.#queue.length) resolve();
      };
      this.#wake = pump;
      pump();
    });
  }

  #startPart(n: number, next: () => void, fail: (e: unknown) => void) {
    const part = this.#parts[n - 1];
    const ctrl = new AbortController();
    this.#inFlight.set(n, ctrl);
    this.#uploadPart(part, ctrl.signal).then(
      async () => {
        this.#inFlight.delete(n);
        if (this.#record) {
          this.#record.parts[n] = { etag: part.etag!, checksum: part.checksum };
          await this.#store?.put(this.#o.resumeKey!, this.#record).catch(() => {});
        }
        next();
      },
      (e) => {
        this.#inFlight.delete(n);
        if (ctrl.signal.reason === PAUSED) {
          this.#queue.unshift(n); // sent again on resume
          this.#moved(part, 0);
          return;
        }
        // Aborted: the pump ends the drain. Only the first failure fails the upload; the parts
        // it stops end here quietly.
        if (this.#state === 'aborted') return next();
        if (this.#state === 'failed') return;
        this.#state = 'failed';
        this.#inFlight.forEach((c) => c.abort(e));
        void this.#cleanUpAfterFailure().finally(() =>
          fail(
            e instanceof S3CorsError
              ? e
              : new S3UploadError(`Part ${n} of ${this.#parts.length} failed: ${(e as Error)?.message ?? e}`, {
                  partNumber: n,
                  uploadId: this.#uploadId,
                  cause: e,
                  resumable: !!this.#store,
                }),
          ),
        );
      },
    );
  }

  async #uploadPart(part: Part, signal: AbortSignal) {
    const headers: Record<string, string> = {};
    const body = await this.#bodyOf(part, headers, 'x-amz-checksum-crc32');
    const query = `partNumber=${part.number}&uploadId=${encodeURIComponent(this.#uploadId!)}`;
    const answer = await send(
      this.#ctx,
      {
        method: 'PUT',
        url: objectUrl(this.#o, query),
        headers,
        body,
        onAttempt: () => this.#moved(part, 0),
        onUploadProgress: (n) => this.#moved(part, n),
      },
      signal,
    );
    const etag = answer.header('etag');
    if (!etag)
      throw this.#corsError(
        'S3 took the part, but this page cannot read its ETag, which completing the upload needs: the bucket\u2019s CORS rule does not expose it.',
      );
    part.etag = etag;
    part.loaded = part.end - part.start;
    this.#report();
  }

  /** The part's bytes: a Blob slice or a view as is, or read (once) to checksum them. */
  async #bodyOf(part: Part, headers: Record<string, string>, checksumHeader: string): Promise<Blob | Uint8Array> {
    const slice = this.#body instanceof Blob ? this.#body.slice(part.start, part.end) : this.#body.subarray(part.start, part.end);
    if (this.#checksum !== 'crc32') return slice;
    const bytes = slice instanceof Blob ? new Uint8Array(await slice.arrayBuffer()) : slice;
    part.checksum = crc32Base64(bytes);
    headers[checksumHeader] = part.checksum;
    return bytes;
  }

  #objectHeaders(): Record<string, string> {
    const o = this.#o;
    const h: Record<string, string> = {
      'content-type': o.contentType || (o.body instanceof Blob && o.body.type) || 'application/octet-stream',
    };
    if (o.cacheControl) h['cache-control'] = o.cacheControl;
    if (o.tagging) h['x-amz-tagging'] = o.tagging;
    for (const [k, v] of Object.entries(o.metadata ?? {})) h[`x-amz-meta-${k.toLowerCase()}`] = v;
    return h;
  }

  // ---- pause, resume, abort, failure ------------------------------------------------------

  #pause() {
    if (this.#state !== 'running') return;
    this.#state = 'paused';
    this.#inFlight.forEach((c) => c.abort(PAUSED));
    this.#report(true);
  }

  #resumeRun() {
    if (this.#state !== 'paused') return;
    this.#state = 'running';
    this.#resumeWaiters.splice(0).forEach((w) => w());
    this.#wake?.();
  }

  readonly #resumeWaiters: (() => void)[] = [];

  /** For the single PUT: pausing aborts it, resuming sends it again. */
  async #unlessPaused<T>(f: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await f();
      } catch (e) {
        if (this.#inFlight.get(1)?.signal.reason !== PAUSED && this.#state !== 'paused') throw e;
        this.#inFlight.delete(1);
        await new Promise<void>((r) => this.#resumeWaiters.push(r));
      }
    }
  }

  #signalFor(n: number): AbortSignal {
    const ctrl = new AbortController();
    if (this.#stop.signal.aborted) ctrl.abort(this.#stop.signal.reason);
    this.#inFlight.set(n, ctrl);
    return ctrl.signal;
  }

  /**
   * Ends with nothing open: nothing more is sent; a CreateMultipartUpload in flight is waited
   * for (its id is needed to abort it); every request in flight is stopped and the run let wind
   * down, so no part lands after AbortMultipartUpload.
   */
  async #abort(reason: unknown) {
    if (this.#state === 'done' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#stop.abort(reason);
    this.#inFlight.forEach((c) => c.abort(reason));
    this.#resumeWaiters.splice(0).forEach((w) => w()); // a paused run ends instead of waiting
    this.#wake?.();
    this.#progress.stop();
    try {
      await this.#creating?.catch(() => {});
      await this.#running;
      if (this.#uploadId) await this.#abortMultipart();
      await this.#store?.delete(this.#o.resumeKey!);
    } finally {
      this.#reject(reason);
    }
  }

  /** A failed upload is aborted on S3 too, unless it is meant to be resumed. */
  async #cleanUpAfterFailure() {
    this.#progress.stop();
    if (!this.#store && this.#uploadId) await this.#abortMultipart().catch(() => {});
  }

  /** Signed with the last credentials the upload had if the provider now fails (signed out). */
  async #abortMultipart(address: ObjectAddress = this.#o, uploadId = this.#uploadId!) {
    await send(this.#ctx, {
      method: 'DELETE',
      url: objectUrl(address, `uploadId=${encodeURIComponent(uploadId)}`),
      orLastGoodCredentials: true,
    });
  }

  /** Best effort: an upload already gone (NoSuchUpload) or not ours to abort is S3's to expire. */
  async #abortStale(saved: ResumeRecord) {
    await this.#abortMultipart({ ...this.#o, bucket: saved.bucket, key: saved.key }, saved.uploadId).catch(() => {});
  }

  #corsError(what: string): S3CorsError {
    const origin = optionalGlobal('location')?.origin ?? 'https://your-app.example.com';
    return new S3CorsError(what, corsRuleFor(origin));
  }

  // ---- progress ---------------------------------------------------------------------------

  #moved(part: Part, loaded: number) {
    part.loaded = Math.min(loaded, part.end - part.start);
    this.#report();
  }

  #report(final = false) {
    const loaded = this.#parts.reduce((s, p) => s + p.loaded, 0);
    this.#progress.update(
      {
        loaded,
        total: this.#size,
        partsDone: this.#parts.filter((p) => p.etag).length,
        partsTotal: Math.max(1, Math.ceil(this.#size / this.#partSize)),
      },
      final,
    );
  }
}
