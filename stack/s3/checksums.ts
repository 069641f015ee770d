// Payload integrity as S3 checks it: Content-MD5, x-amz-content-sha256, the flexible checksums
// (x-amz-checksum-crc32 / -crc32c / -crc64nvme / -sha1 / -sha256, base64 of the big-endian
// digest) and aws-chunked bodies, with or without chunk signatures and trailing checksums.
// Everything is incremental so bodies stream to disk instead of sitting in memory: one pass reads
// a request body, decodes it, hashes it, hands it on, and refuses it in S3's words at the end.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { crc32, crc32c, crc64nvme, type Digest } from './crc';
import { incompleteBody, invalidArgument, invalidRequest, notImplemented, S3Error, tooLarge } from './xml';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;
/** One request header by lower-case name (the first when repeated). */
export type HeaderReader = (name: string) => string | undefined;
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export const checksumHeader = (a: ChecksumAlgorithm) => `x-amz-checksum-${a.toLowerCase()}`;
export const algorithmOfHeader = (h: string) => CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === h.toLowerCase());
export const EMPTY_SHA256 = createHash('sha256').digest('hex');

function hashDigest(name: string): Digest {
  const h = createHash(name);
  return { update: (b) => void h.update(b), digest: () => h.digest() };
}

export function newDigest(a: ChecksumAlgorithm): Digest {
  if (a === 'CRC32') return crc32();
  if (a === 'CRC32C') return crc32c();
  if (a === 'CRC64NVME') return crc64nvme();
  return hashDigest(a === 'SHA1' ? 'sha1' : 'sha256');
}

/** One algorithm over one buffer, base64 as S3 writes it. */
export const checksumOf = (a: ChecksumAlgorithm, data: Uint8Array) => {
  const d = newDigest(a);
  d.update(data);
  return d.digest().toString('base64');
};

/** A checksum value S3 would take: base64 of exactly the digest's size. */
export function validChecksumValue(a: ChecksumAlgorithm, value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, 'base64').length === DIGEST_BYTES[a];
}

/** Everything computed over one body as it streams past: MD5 (the ETag), SHA-256 when the
 * signature covers the payload, and the flexible checksums the request asked for. */
export class BodyDigests {
  readonly #md5 = createHash('md5');
  readonly #sha256 = createHash('sha256');
  readonly #checksums = new Map<ChecksumAlgorithm, Digest>();
  size = 0;

  constructor(
    algorithms: Iterable<ChecksumAlgorithm>,
    readonly wantSha256: boolean,
  ) {
    for (const a of algorithms) this.#checksums.set(a, newDigest(a));
  }

  update(b: Buffer) {
    this.size += b.length;
    this.#md5.update(b);
    if (this.wantSha256) this.#sha256.update(b);
    for (const d of this.#checksums.values()) d.update(b);
  }

  finish(): { md5: Buffer; sha256: string; checksums: Partial<Record<ChecksumAlgorithm, string>> } {
    const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
    for (const [a, d] of this.#checksums) checksums[a] = d.digest().toString('base64');
    return { md5: this.#md5.digest(), sha256: this.wantSha256 ? this.#sha256.digest('hex') : '', checksums };
  }
}

const NAMES: Record<ChecksumAlgorithm, string> = {
  CRC32: 'CRC32',
  CRC32C: 'CRC32C',
  CRC64NVME: 'CRC64NVME',
  SHA1: 'SHA1',
  SHA256: 'SHA256',
};

/** BadDigest in S3's words when a claimed checksum is not the computed one. */
export function checkClaims(claimed: Partial<Record<ChecksumAlgorithm, string>>, computed: Partial<Record<ChecksumAlgorithm, string>>) {
  for (const [a, value] of Object.entries(claimed) as [ChecksumAlgorithm, string][]) {
    if (computed[a] !== value) throw new S3Error('BadDigest', `The ${NAMES[a]} you specified did not match the calculated checksum.`);
  }
}

// ---- what the request claims -----------------------------------------------------------------

export function claimedChecksums(get: HeaderReader): Checksums {
  const claimed: Checksums = {};
  for (const a of CHECKSUM_ALGORITHMS) {
    const value = get(checksumHeader(a));
    if (value === undefined) continue;
    if (!validChecksumValue(a, value)) throw invalidRequest(`Value for ${checksumHeader(a)} header is invalid.`);
    claimed[a] = value;
  }
  if (Object.keys(claimed).length > 1)
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  return claimed;
}

export function trailerOf(get: HeaderReader, payloadHash: string): ChecksumAlgorithm | undefined {
  const trailer = get('x-amz-trailer');
  if (trailer === undefined) return undefined;
  const algorithm = algorithmOfHeader(trailer.trim());
  if (!algorithm || !payloadHash.endsWith('-TRAILER'))
    throw invalidRequest('The value specified in the x-amz-trailer header is not supported');
  if (CHECKSUM_ALGORITHMS.some((a) => get(checksumHeader(a)) !== undefined)) {
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  return algorithm;
}

export function checkSdkAlgorithm(get: HeaderReader, algorithms: Set<ChecksumAlgorithm>) {
  const named = get('x-amz-sdk-checksum-algorithm');
  if (named === undefined) return;
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => a === named.toUpperCase());
  if (!algorithm) throw invalidRequest('Value for x-amz-sdk-checksum-algorithm header is invalid.');
  if (!algorithms.has(algorithm)) {
    throw invalidRequest(
      'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
    );
  }
}

export function contentMd5Of(get: HeaderReader): Buffer | undefined {
  const value = get('content-md5');
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value) || bytes.length !== 16)
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': value });
  return bytes;
}

/** The algorithm and type CreateMultipartUpload asked for; CRC64NVME full-object when none, as S3 does. */
export function uploadChecksum(get: HeaderReader): { algorithm?: ChecksumAlgorithm; checksumType: ChecksumType } {
  const named = get('x-amz-checksum-algorithm');
  const type = get('x-amz-checksum-type')?.toUpperCase();
  if (type !== undefined && type !== 'FULL_OBJECT' && type !== 'COMPOSITE')
    throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  if (named === undefined) {
    if (type !== undefined)
      throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return { checksumType: 'FULL_OBJECT' };
  }
  const algorithm = CHECKSUM_ALGORITHMS.find((a) => a === named.toUpperCase());
  if (!algorithm)
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  const checksumType: ChecksumType = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (checksumType === 'FULL_OBJECT' && algorithm.startsWith('SHA'))
    throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  if (checksumType === 'COMPOSITE' && algorithm === 'CRC64NVME')
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return { algorithm, checksumType };
}

/** S3's checksum of checksums: the digest of the parts' binary checksums, then -N. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, parts: { checksums: Checksums }[]): Checksums {
  const d = newDigest(algorithm);
  for (const p of parts) d.update(Buffer.from(p.checksums[algorithm] ?? '', 'base64'));
  return { [algorithm]: `${d.digest().toString('base64')}-${parts.length}` };
}

/** x-amz-checksum-* (and -type) response headers, as S3 echoes them. */
export function checksumHeaders(checksums: Checksums, type?: ChecksumType): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [a, v] of Object.entries(checksums) as [ChecksumAlgorithm, string][]) headers[checksumHeader(a)] = v;
  if (type && Object.keys(headers).length) headers['x-amz-checksum-type'] = type;
  return headers;
}

// ---- reading a body -------------------------------------------------------------------------

export interface BodyPlan {
  chunked: boolean;
  /** Content-Length, or x-amz-decoded-content-length for aws-chunked. */
  declared?: number;
  /** The signed hex payload hash, when the signature covers the payload. */
  sha256?: string;
  signing?: ChunkSigning;
  claimed: Checksums;
  trailer?: ChecksumAlgorithm;
  /** What the claims need computed. */
  algorithms: Set<ChecksumAlgorithm>;
  contentMd5?: Buffer;
  limit: number;
}

/**
 * What reading this body will check, from its headers and the verified payload hash; refuses up
 * front what S3 refuses before reading (bad lengths, bad checksum headers, SigV4a payloads).
 * `checksumsOfObject`: the x-amz-checksum-* describe what the request makes (CompleteMultipartUpload), not its body.
 */
export function planBody(
  get: HeaderReader,
  payloadHash: string,
  limit: number,
  signing: () => ChunkSigning,
  checksumsOfObject = false,
): BodyPlan {
  if (payloadHash.includes('ECDSA')) throw notImplemented('x-amz-content-sha256');
  const chunked = payloadHash.startsWith('STREAMING-');
  const lengthHeader = chunked ? 'x-amz-decoded-content-length' : 'content-length';
  const declared = get(lengthHeader);
  if (declared !== undefined && !/^\d{1,16}$/.test(declared)) throw invalidArgument('Invalid content length', lengthHeader, declared);
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(Number(declared), limit);
  const claimed = claimedChecksums(get);
  const trailer = trailerOf(get, payloadHash);
  const algorithms = new Set<ChecksumAlgorithm>([...(Object.keys(claimed) as ChecksumAlgorithm[]), ...(trailer ? [trailer] : [])]);
  checkSdkAlgorithm(get, algorithms);
  if (checksumsOfObject && !trailer) algorithms.clear();
  return {
    chunked,
    declared: declared === undefined ? undefined : Number(declared),
    sha256: /^[0-9a-f]{64}$/.test(payloadHash) ? payloadHash : undefined,
    signing: payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD') ? signing() : undefined,
    claimed,
    trailer,
    algorithms,
    contentMd5: contentMd5Of(get),
    limit,
  };
}

/**
 * Reads a body once, into `sink` or nowhere, checking the size limit, the signed payload hash,
 * aws-chunked framing and signatures, Content-MD5 and the claimed checksums (headers or trailer).
 * Returns its size, MD5, the checksums computed (claimed ones and `also`) and the claims.
 */
export async function receiveBody(
  body: AsyncIterable<Buffer>,
  plan: BodyPlan,
  sink?: (b: Buffer) => Promise<void>,
  also: ChecksumAlgorithm[] = [],
) {
  const digests = new BodyDigests(new Set([...plan.algorithms, ...also]), plan.sha256 !== undefined);
  const out: Buffer[] = [];
  const decoder = plan.chunked ? new AwsChunkedDecoder((b) => out.push(b), plan.signing) : undefined;
  // aws-chunked framing adds a little per chunk; this bounds the raw bytes too.
  const rawLimit = plan.limit + (decoder ? plan.limit / 8 + 64 * 1024 : 0);
  let raw = 0;
  try {
    for await (const chunk of body) {
      raw += chunk.length;
      if (raw > rawLimit) throw tooLarge(raw, plan.limit);
      if (decoder) decoder.write(chunk);
      else out.push(chunk);
      for (const b of out.splice(0)) {
        digests.update(b);
        if (digests.size > plan.limit) throw tooLarge(digests.size, plan.limit);
        if (sink) await sink(b);
      }
    }
  } catch (e) {
    // A client that goes away mid-body; the sink's own failures (disk) stay what they are.
    throw e instanceof S3Error || (e as { code?: string }).code === 'EFSERROR' ? e : incompleteBody();
  }
  const trailers = decoder?.end();
  const computed = digests.finish();
  const claimed = claimsOf(plan, trailers);
  checkBody(plan, computed, claimed, digests.size);
  return { size: digests.size, md5: computed.md5, checksums: computed.checksums, claimed };
}

function checkBody(plan: BodyPlan, computed: ReturnType<BodyDigests['finish']>, claimed: Checksums, size: number) {
  if (plan.sha256 !== undefined && plan.sha256 !== computed.sha256) {
    throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      ClientComputedContentSHA256: plan.sha256,
      S3ComputedContentSHA256: computed.sha256,
    });
  }
  if (plan.chunked && plan.declared !== undefined && plan.declared !== size) throw incompleteBody();
  if (plan.contentMd5 && !plan.contentMd5.equals(computed.md5)) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
      ExpectedDigest: plan.contentMd5.toString('base64'),
      CalculatedDigest: computed.md5.toString('base64'),
    });
  }
  if (plan.algorithms.size) checkClaims(claimed, computed.checksums);
}

/** The checksums the client claimed, from headers and from the trailer. */
function claimsOf(plan: BodyPlan, trailers: Map<string, string> | undefined): Checksums {
  if (!plan.trailer) return plan.claimed;
  const value = trailers?.get(checksumHeader(plan.trailer));
  if (value === undefined) throw badTrailer();
  if (!validChecksumValue(plan.trailer, value))
    throw invalidRequest(`Value for ${checksumHeader(plan.trailer)} trailing header is invalid.`);
  return { ...plan.claimed, [plan.trailer]: value };
}

// ---- aws-chunked ---------------------------------------------------------------------------

/** What a signed chunked upload needs to check each chunk's signature against the last one. */
export interface ChunkSigning {
  signingKey: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

const hex256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const MAX_LINE = 4096;
const CRLF = Buffer.from('\r\n');

// S3 has no documented words for a broken chunk header; this is what it answers in practice.
const badChunk = () => new S3Error('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes');
const badTrailer = () =>
  new S3Error(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
  );

/**
 * Decodes Content-Encoding: aws-chunked as the SDKs write it:
 *   {hex size}[;chunk-signature={sig}]\r\n{data}\r\n ... 0[;chunk-signature={sig}]\r\n
 *   [{trailer}:{value}\r\n ...][x-amz-trailer-signature:{sig}\r\n]\r\n
 * Data goes to `onData` as it is decoded; trailers are returned by end(). With `signing`, every
 * chunk's signature is checked against the chain that starts at the seed (the Authorization
 * header's signature), and so is the trailer's.
 */
export class AwsChunkedDecoder {
  #pending: Buffer = Buffer.alloc(0);
  #state: 'size' | 'data' | 'crlf' | 'trailer' | 'done' = 'size';
  #left = 0;
  #chunkHash = createHash('sha256');
  #chunkSignature = '';
  #previous: string;
  readonly #trailers = new Map<string, string>();
  readonly #trailerLines: string[] = [];
  decodedLength = 0;

  constructor(
    private readonly onData: (b: Buffer) => void,
    private readonly signing?: ChunkSigning,
  ) {
    this.#previous = signing?.seedSignature ?? '';
  }

  write(b: Buffer) {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, b]) : b;
    while (this.#step());
  }

  end(): Map<string, string> {
    if (this.#state !== 'trailer' && this.#state !== 'done') throw incompleteBody();
    // The SDKs end with "0\r\n" and no blank line when there is no trailer.
    if (this.#state === 'trailer' && this.#pending.length) throw badTrailer();
    if (this.signing && this.#trailerLines.length && !this.#trailers.has('x-amz-trailer-signature')) throw badTrailer();
    return this.#trailers;
  }

  /** One step of the state machine; false when it needs more bytes. */
  #step(): boolean {
    switch (this.#state) {
      case 'size':
        return this.#sizeLine();
      case 'data':
        return this.#data();
      case 'crlf':
        return this.#crlf();
      case 'trailer':
        return this.#trailerLine();
      case 'done':
        // Bytes after the end are ignored, as S3 stops reading at the final chunk.
        this.#pending = Buffer.alloc(0);
        return false;
    }
  }

  #line(): string | undefined {
    const at = this.#pending.indexOf(CRLF);
    if (at < 0) {
      if (this.#pending.length > MAX_LINE) throw badChunk();
      return undefined;
    }
    const line = this.#pending.subarray(0, at).toString('latin1');
    this.#pending = this.#pending.subarray(at + 2);
    return line;
  }

  #sizeLine(): boolean {
    const line = this.#line();
    if (line === undefined) return false;
    const m = /^([0-9a-fA-F]{1,15})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
    if (!m || (this.signing && !m[2])) throw badChunk();
    this.#left = parseInt(m[1], 16);
    this.#chunkSignature = m[2] ?? '';
    this.#chunkHash = createHash('sha256');
    if (this.#left === 0) {
      this.#verifyChunk();
      this.#state = 'trailer';
    } else this.#state = 'data';
    return true;
  }

  #data(): boolean {
    if (!this.#pending.length) return false;
    const take = this.#pending.subarray(0, Math.min(this.#left, this.#pending.length));
    this.#pending = this.#pending.subarray(take.length);
    this.#left -= take.length;
    this.decodedLength += take.length;
    if (this.signing) this.#chunkHash.update(take);
    this.onData(take);
    if (this.#left === 0) this.#state = 'crlf';
    return true;
  }

  #crlf(): boolean {
    if (this.#pending.length < 2) return false;
    if (this.#pending[0] !== 13 || this.#pending[1] !== 10) throw badChunk();
    this.#pending = this.#pending.subarray(2);
    this.#verifyChunk();
    this.#state = 'size';
    return true;
  }

  #trailerLine(): boolean {
    const line = this.#line();
    if (line === undefined) return false;
    if (line === '') {
      this.#state = 'done';
      return true;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw badTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.#verifyTrailer(value);
    else this.#trailerLines.push(`${name}:${value}\n`);
    this.#trailers.set(name, value);
    return true;
  }

  #verifyChunk() {
    if (!this.signing) return;
    const { amzDate, scope } = this.signing;
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, this.#previous, EMPTY_SHA256, this.#chunkHash.digest('hex')].join(
      '\n',
    );
    this.#previous = this.#expect(stringToSign, this.#chunkSignature);
  }

  #verifyTrailer(signature: string) {
    if (!this.signing) return;
    const { amzDate, scope } = this.signing;
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, this.#previous, hex256(this.#trailerLines.join(''))].join('\n');
    this.#previous = this.#expect(stringToSign, signature);
  }

  #expect(stringToSign: string, provided: string): string {
    const expected = createHmac('sha256', this.signing!.signingKey).update(stringToSign).digest('hex');
    const same = provided.length === expected.length && timingSafeEqual(Buffer.from(provided), Buffer.from(expected));
    if (!same) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
        {
          StringToSign: stringToSign,
          SignatureProvided: provided,
          StringToSignBytes: toBytes(stringToSign),
        },
      );
    }
    return expected;
  }
}

/** S3 spells the string to sign out as space-separated hex bytes, too. */
export const toBytes = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
