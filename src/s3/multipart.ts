// S3's multipart upload API as plain functions over the request context: create, the URL of a
// part, list every part S3 has (all pages), complete and abort. What to send and how to read the
// answer; the upload's state lives with the caller.
import { objectUrl, type ObjectAddress } from './address';
import { send, type RequestContext } from './request';
import { completeBody, readCompleteResult, readListParts, readUploadId } from './xml';
import { encodeRfc3986 } from '../shared/uri-encode';

// RFC 3986, as the signer encodes the query it signs: encodeURIComponent would leave !'()* as they are.
const urlOf = (a: ObjectAddress, uploadId: string, more = '') => objectUrl(a, `${more}uploadId=${encodeRfc3986(uploadId)}`);

/** CreateMultipartUpload: the new upload's id. `stop` keeps an attempt from leaving, never cuts one sent. */
export async function createMultipartUpload(
  ctx: RequestContext,
  a: ObjectAddress,
  headers: Record<string, string>,
  stop?: AbortSignal,
): Promise<string> {
  return readUploadId((await send(ctx, { method: 'POST', url: objectUrl(a, 'uploads='), headers, stop })).body);
}

/** Where UploadPart sends part `n`. */
export const partUrl = (a: ObjectAddress, uploadId: string, n: number): string => urlOf(a, uploadId, `partNumber=${n}&`);

/** ListParts, every page of it: the parts S3 has, by number. */
export async function listAllParts(
  ctx: RequestContext,
  a: ObjectAddress,
  uploadId: string,
  stop?: AbortSignal,
): Promise<Map<number, { etag: string; size: number }>> {
  const have = new Map<number, { etag: string; size: number }>();
  let marker = '';
  do {
    const url = urlOf(a, uploadId) + (marker ? `&part-number-marker=${marker}` : '');
    const page = readListParts((await send(ctx, { method: 'GET', url, stop })).body);
    for (const p of page.parts) have.set(p.number, p);
    marker = page.truncated ? page.next : '';
  } while (marker);
  return have;
}

/** CompleteMultipartUpload, with the parts' ETags (and checksums) from local state. */
export async function completeMultipartUpload(
  ctx: RequestContext,
  a: ObjectAddress,
  uploadId: string,
  parts: { number: number; etag?: string; checksum?: string }[],
  withChecksums: boolean,
  stop?: AbortSignal,
): Promise<{ etag: string; location: string; versionId?: string }> {
  const answer = await send(ctx, {
    method: 'POST',
    url: urlOf(a, uploadId),
    headers: { 'content-type': 'application/xml' },
    body: completeBody(parts, withChecksums),
    stop,
  });
  const result = readCompleteResult(answer.body);
  return {
    etag: result.etag ?? answer.header('etag') ?? '',
    location: result.location ?? objectUrl(a),
    versionId: answer.header('x-amz-version-id') ?? undefined,
  };
}

/** AbortMultipartUpload, signed with the last credentials the upload had if the provider now fails (signed out). */
export async function abortMultipartUpload(ctx: RequestContext, a: ObjectAddress, uploadId: string): Promise<void> {
  await send(ctx, { method: 'DELETE', url: urlOf(a, uploadId), orLastGoodCredentials: true });
}
