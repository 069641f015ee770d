// S3's XML, both ways: the answers it writes (namespace 2006-03-01, elements in its order, ETags
// quoted, times in ISO 8601 with milliseconds) and the one request body the stack parses,
// CompleteMultipartUpload. Both go through fast-xml-parser (stack/shared/xml.ts), never the kit's
// reader. Refusals are S3Error values, in S3's words, that render as its <Error> document.
import { childrenNamed, leafText, readXml, writeXml, type XmlElement, type XmlNode } from '../shared/xml';

export type { XmlNode } from '../shared/xml';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An S3 error answer in the making: code, message and status as S3 sends them, plus the extra
 * elements it adds (Key, BucketName, UploadId, StringToSign, ...) in its order. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, string | number | undefined> = {},
    /** Headers S3 adds to this error, e.g. Allow on MethodNotAllowed. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A success document: the root carries S3's namespace. */
export const renderDocument = (root: string, children: XmlNode[]) => writeXml(root, children, { xmlns: S3_NS });

export function renderError(e: S3Error, requestId: string, hostId: string): string {
  const extra: XmlNode[] = Object.entries(e.extra).map(([k, v]) => [k, v]);
  return writeXml('Error', [['Code', e.code], ['Message', e.message], ...extra, ['RequestId', requestId], ['HostId', hostId]]);
}

// ---- S3's words for the refusals the stack makes in more than one place ---------------------

export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchUpload = (id: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: id },
  );
export const invalidArgument = (message: string, name: string, value: string | undefined) =>
  new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });
export const invalidRequest = (message: string) => new S3Error('InvalidRequest', message);
export const notImplemented = (headerName?: string) =>
  new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: headerName });
export const missingLength = () => new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
export const internalError = () => new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);

export const invalidUri = () => new S3Error('InvalidURI', "Couldn't parse the specified URI.");
export const tooLarge = (size: number, limit: number) =>
  new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
    ProposedSize: size,
    MaxSizeAllowed: limit,
  });
export const incompleteBody = () =>
  new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');

export const quoteEtag = (etag: string) => `"${etag}"`;

export const MALFORMED_XML = () =>
  new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');

export interface CompletedPart {
  partNumber: number;
  /** Without quotes. */
  etag: string;
  /** ChecksumCRC32 and friends, as sent (base64). */
  checksums: Record<string, string>;
}

/** The body of CompleteMultipartUpload: parts in the order sent. MalformedXML when it is not one. */
export function parseCompleteMultipartUpload(body: string): CompletedPart[] {
  try {
    const doc = readXml(body);
    if (doc.name !== 'CompleteMultipartUpload' || doc.text.trim()) throw MALFORMED_XML();
    const parts = childrenNamed(doc, 'Part');
    // S3 refuses an empty list with the same words as a broken document.
    if (!parts.length) throw MALFORMED_XML();
    return parts.map(toPart);
  } catch {
    throw MALFORMED_XML();
  }
}

function toPart(p: XmlElement): CompletedPart {
  const n = leafText(p, 'PartNumber')?.trim() ?? '';
  const etag = leafText(p, 'ETag');
  if (!/^\d{1,9}$/.test(n) || etag === undefined) throw MALFORMED_XML();
  const checksums: Record<string, string> = {};
  for (const { name } of p.children) {
    if (name.startsWith('Checksum')) checksums[name.slice('Checksum'.length).toUpperCase()] = leafText(p, name)!.trim();
  }
  return { partNumber: Number(n), etag: etag.trim().replace(/^"|"$/g, ''), checksums };
}
