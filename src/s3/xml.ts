// The few S3 XML documents an upload reads and writes.
import { children, field, MalformedResponse, readRoot as read } from '../shared/xml';

export function readUploadId(body: string): string {
  const id = field(read(body, 'InitiateMultipartUploadResult'), 'UploadId');
  if (!id) throw new MalformedResponse('no UploadId');
  return id;
}

export function readCompleteResult(body: string): { etag?: string; location?: string } {
  const c = read(body, 'CompleteMultipartUploadResult');
  return { etag: field(c, 'ETag'), location: field(c, 'Location') };
}

export function readListParts(body: string): { parts: { number: number; etag: string; size: number }[]; truncated: boolean; next: string } {
  const c = read(body, 'ListPartsResult');
  const parts = children(c, 'Part').map((p) => ({
    number: Number(field(p, 'PartNumber')),
    etag: field(p, 'ETag') ?? '',
    size: Number(field(p, 'Size')),
  }));
  return { parts, truncated: field(c, 'IsTruncated') === 'true', next: field(c, 'NextPartNumberMarker') ?? '' };
}

const esc = (s: string) => s.replace(/[<>&]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[ch]!);

/** CompleteMultipartUpload's body, from local state: no response header is needed to build it. */
export function completeBody(parts: { number: number; etag?: string; checksum?: string }[], withChecksums: boolean): string {
  const items = parts
    .map(
      (p) =>
        `<Part><PartNumber>${p.number}</PartNumber><ETag>${esc(p.etag!)}</ETag>${withChecksums && p.checksum ? `<ChecksumCRC32>${p.checksum}</ChecksumCRC32>` : ''}</Part>`,
    )
    .join('');
  return `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${items}</CompleteMultipartUpload>`;
}
