// One part of an upload's body and the PUT that stores it: its byte range, its bytes (a Blob slice
// or a view of the caller's memory, read into memory only to checksum them) and the ETag the page
// must be able to read. A single PUT is part 1 of 1, sent to the object's own URL. A part that
// gets no answer has its body checked: a file that changed on disk fails as what it is.
import { crc32Base64 } from './crc32';
import { corsRuleFor, S3CorsError } from './errors';
import { send, type RequestContext } from './request';
import type { S3Answer } from './transport';
import { optionalGlobal } from '../shared/optional-global';

/** A byte range of the body, and what is known of it: bytes sent, and once stored its ETag. */
export interface Part {
  number: number;
  start: number;
  end: number;
  /** Bytes sent (all of them once stored). */
  loaded: number;
  etag?: string;
  checksum?: string;
}

/** The body's parts: one for a body up to `partSize` (an empty one included), else `partSize` each. */
export function cutParts(size: number, partSize: number): Part[] {
  const parts: Part[] = [];
  for (let n = 1, start = 0; n === 1 || start < size; n++, start += partSize) {
    parts.push({ number: n, start, end: Math.min(start + partSize, size), loaded: 0 });
  }
  return parts;
}

/** How to send a part: where, the body it is cut from, and whom to tell of bytes moving. */
export interface PartTarget {
  url: string;
  /** The object's single PUT, not a part of a multipart upload: once S3 answered, the object is stored. */
  single: boolean;
  headers: Record<string, string>;
  body: Blob | Uint8Array;
  crc32: boolean;
  /** Called when the part's `loaded` changed. */
  moved: () => void;
  /** The error to fail with when the body can no longer be read (`cause`: the read's own failure). */
  unreadable: (cause: unknown) => Error;
}

/** PUTs the part and records its ETag; S3's answer is returned for its other headers. */
export async function putPart(ctx: RequestContext, part: Part, to: PartTarget, signal: AbortSignal): Promise<S3Answer> {
  const headers = { ...to.headers };
  const progress = (n: number) => ((part.loaded = Math.min(n, part.end - part.start)), to.moved());
  const answer = await send(
    ctx,
    {
      method: 'PUT',
      url: to.url,
      headers,
      body: await bytesOf(part, to, headers),
      onAttempt: () => progress(0),
      onUploadProgress: progress,
      checkBody: () => readable(part, to),
    },
    signal,
  );
  const etag = answer.header('etag');
  if (!etag) throw etagHidden(to.single);
  part.etag = etag;
  part.loaded = part.end - part.start;
  to.moved();
  return answer;
}

/** The part's bytes: a Blob slice or a view as is, or read (once) to checksum them. */
async function bytesOf(part: Part, to: PartTarget, headers: Record<string, string>): Promise<Blob | Uint8Array> {
  const slice = to.body instanceof Blob ? to.body.slice(part.start, part.end) : to.body.subarray(part.start, part.end);
  if (!to.crc32) return slice;
  const bytes = slice instanceof Blob ? new Uint8Array(await read(slice, to)) : slice;
  headers['x-amz-checksum-crc32'] = part.checksum = crc32Base64(bytes);
  return bytes;
}

/**
 * Rejects with `to.unreadable` when the part's first byte cannot be read. A file picked from disk
 * that was since changed, moved or deleted fails its upload as a network error (Chromium:
 * ERR_UPLOAD_FILE_CHANGED, ERR_BLOB_REFERENCED_BLOB_BROKEN) but its read with NotReadableError.
 */
async function readable(part: Part, to: PartTarget): Promise<void> {
  if (to.body instanceof Blob) await read(to.body.slice(part.start, part.start + 1), to);
}

/** A Blob's bytes, or `to.unreadable` when they cannot be read. */
async function read(blob: Blob, to: PartTarget): Promise<ArrayBuffer> {
  try {
    return await blob.arrayBuffer();
  } catch (e) {
    throw to.unreadable(e);
  }
}

/** S3 answered, but the bucket's CORS rule hides the ETag from the page: the rule to apply instead. */
function etagHidden(single: boolean): S3CorsError {
  const origin = optionalGlobal('location')?.origin ?? 'https://your-app.example.com';
  return new S3CorsError(
    `${single ? 'S3 stored the object' : 'S3 took the part'}, but this page cannot read its ETag${single ? '' : ', which completing the upload needs'}: the bucket\u2019s CORS rule does not expose it.`,
    corsRuleFor(origin),
  );
}
