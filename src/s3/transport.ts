// One HTTP exchange with S3. In browsers XMLHttpRequest, because only it reports upload
// progress byte by byte; fetch where XHR is missing (service workers, Node). A connection where
// no byte moves for stallTimeoutMs is given up, as a network failure.
import { S3NetworkError } from './errors';

/** One signed HTTP request to S3, as a {@link Transport} gets it. */
export interface S3Request {
  /** The HTTP method. */
  method: string;
  /** The full URL, query included. */
  url: string;
  /** The signed headers, to send as they are. */
  headers: Record<string, string>;
  /** The body, sent without copying or re-encoding. */
  body?: Blob | Uint8Array | string;
  /** Aborts the request; the transport rejects with its reason. */
  signal?: AbortSignal;
  /** Called with the bytes of the body sent so far (XHR reports them; fetch cannot). */
  onUploadProgress?: (loaded: number) => void;
  /** Fail with an S3NetworkError when no byte moves for this long. */
  stallTimeoutMs: number;
}

/** S3's answer to one {@link S3Request}. */
export interface S3Answer {
  /** The HTTP status. */
  status: number;
  /** A response header, or null when absent or hidden by CORS. */
  header(name: string): string | null;
  /** The body, as text (S3's answers are XML). */
  body: string;
}

/** Sends one request to S3: {@link xhrTransport} (the default in browsers, for upload progress), {@link fetchTransport}, or your own. */
export type Transport = (request: S3Request) => Promise<S3Answer>;

export const defaultTransport: Transport = (r) => (typeof XMLHttpRequest !== 'undefined' ? xhrTransport(r) : fetchTransport(r));

/**
 * A {@link Transport} over XMLHttpRequest, which reports upload progress.
 *
 * @throws {@link S3NetworkError} when no answer came or the connection stalled; the signal's reason when it aborts.
 */
export function xhrTransport(r: S3Request): Promise<S3Answer> {
  return new Promise((resolve, reject) => {
    r.signal?.throwIfAborted();
    const xhr = new XMLHttpRequest();
    let stall: ReturnType<typeof setTimeout>;
    /** Settles, with the timer and the abort listener gone first. */
    const finish = (settle: () => void) => {
      clearTimeout(stall);
      r.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const fail = (e: Error) => {
      xhr.abort();
      finish(() => reject(e));
    };
    const alive = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => fail(new S3NetworkError(`No progress for ${r.stallTimeoutMs} ms: the connection stalled`)),
        r.stallTimeoutMs,
      );
    };
    // The caller's own abort reason, untouched, as fetch rejects with it.
    const onAbort = () => fail(r.signal!.reason as Error);
    r.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.open(r.method, r.url);
    for (const [k, v] of Object.entries(r.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      alive();
      r.onUploadProgress?.(e.loaded);
    };
    xhr.onprogress = alive;
    // Headers from getAllResponseHeaders(), which lists only what CORS exposes: asking
    // getResponseHeader() for a hidden one makes Chromium log an error on the console.
    xhr.onload = () =>
      finish(() => {
        const headers = new Map<string, string>();
        for (const line of xhr.getAllResponseHeaders().split(/[\r\n]+/)) {
          const i = line.indexOf(':');
          if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
        }
        resolve({ status: xhr.status, header: (n) => headers.get(n.toLowerCase()) ?? null, body: xhr.responseText });
      });
    xhr.onerror = () => finish(() => reject(new S3NetworkError('The request to S3 failed (network error, or refused by CORS)')));
    alive();
    xhr.send((r.body as XMLHttpRequestBodyInit) ?? null);
  });
}

/**
 * A {@link Transport} over fetch (no upload progress until the request completes); sends no cookies.
 *
 * @throws {@link S3NetworkError} when no answer came or the connection stalled; the signal's reason when it aborts.
 */
export async function fetchTransport(r: S3Request): Promise<S3Answer> {
  r.signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = () => controller.abort(r.signal!.reason);
  r.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new S3NetworkError(`No answer within ${r.stallTimeoutMs} ms`)), r.stallTimeoutMs);
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body as BodyInit | undefined,
      signal: controller.signal,
      credentials: 'omit',
    });
    const body = await res.text();
    const size = r.body instanceof Blob ? r.body.size : typeof r.body === 'string' ? r.body.length : (r.body?.byteLength ?? 0);
    r.onUploadProgress?.(size);
    return { status: res.status, header: (n) => res.headers.get(n), body };
  } catch (e) {
    if (r.signal?.aborted) throw r.signal.reason;
    if (controller.signal.reason instanceof S3NetworkError) throw controller.signal.reason;
    throw new S3NetworkError(`The request to S3 failed: ${(e as Error).message}`, e);
  } finally {
    clearTimeout(timer);
    r.signal?.removeEventListener('abort', onAbort);
  }
}
