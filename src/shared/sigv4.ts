// AWS Signature Version 4 on WebCrypto, the kit's one signer: STS signs with it in headers and in
// presigned URLs, S3 likewise with its own path rule. Written from the SigV4 specification
// ("Signing AWS API requests"): canonical request (sigv4-canonical.ts), string to sign, a signing
// key derived from the secret by four HMACs, and the HMAC of the string to sign under that key.
import { CredentialsProviderError } from './errors';
import { hexSha256, hmac, hmacKey, toHex } from './sha256';
import { canonicalHeaders, canonicalRequest, signedHeaderNames, type SigV4Request } from './sigv4-canonical';
import type { AwsCredentialIdentity } from './types';
import { encodeQuery } from './uri-encode';

export { requestOf, type SigV4Request } from './sigv4-canonical';

/** Who signs, for which region and service, at what time. */
export interface SigV4Scope {
  credentials: AwsCredentialIdentity;
  region: string;
  service: string;
  date: Date;
  /** true (the default) for every service but S3, which signs its path as sent: see canonicalPath. */
  escapePath?: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Headers the signer writes itself: any the caller gave are dropped, not signed twice. */
const WRITTEN = /^(?:authorization|date|x-amz-date)$/i;

/** The headers less the ones the signer writes. */
const unwritten = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !WRITTEN.test(name)));

/** The SigV4 timestamp, `20150830T123600Z`: ISO 8601 basic format, UTC, whole seconds. */
export const amzDate = (date: Date): string => date.toISOString().replace(/[-:]|\.\d+/g, '');

/** The string to sign: algorithm, timestamp, credential scope and the canonical request's hash. */
export const stringToSign = (time: string, credentialScope: string, canonicalRequestHash: string): string =>
  `${ALGORITHM}\n${time}\n${credentialScope}\n${canonicalRequestHash}`;

const credentialScope = (s: SigV4Scope, time: string) => `${time.slice(0, 8)}/${s.region}/${s.service}/aws4_request`;

// The signing key depends only on the secret, the day, the region and the service: derived once
// (four HMACs) and kept, so a request costs one HMAC more than its hashes. Kept per credentials
// object in a WeakMap, never under a string made of the secret: the keys go when the credentials
// do (sign-out, renewal), and no copy of a secret outlives them. Credentials are values, as in the
// AWS SDK: renewed ones are a new object, so they get keys of their own.
const keys = new WeakMap<AwsCredentialIdentity, Map<string, Promise<CryptoKey>>>();

async function deriveKey(secret: string, day: string, region: string, service: string): Promise<CryptoKey> {
  let key: string | Uint8Array = `AWS4${secret}`;
  for (const part of [day, region, service, 'aws4_request']) key = await hmac(await hmacKey(key), part);
  return hmacKey(key);
}

/** The signing key of some credentials for a day (`20150830`), region and service, from the cache when it can. */
export function signingKey(credentials: AwsCredentialIdentity, day: string, region: string, service: string): Promise<CryptoKey> {
  let held = keys.get(credentials);
  if (!held) keys.set(credentials, (held = new Map<string, Promise<CryptoKey>>()));
  const id = `${day}/${region}/${service}`;
  let key = held.get(id);
  if (!key) {
    const mine = held;
    mine.set(id, (key = deriveKey(credentials.secretAccessKey, day, region, service)));
    // A failure (no WebCrypto) is the caller's to see, and is not kept.
    key.catch(() => mine.delete(id));
  }
  return key;
}

/** The credentials, if they can sign: checked before any hashing, with no secret in the error. */
function signable(c: AwsCredentialIdentity): AwsCredentialIdentity {
  if (!c?.accessKeyId || !c.secretAccessKey) {
    throw new CredentialsProviderError(
      'The credentials to sign with have no accessKeyId or secretAccessKey',
      'Give credentials of the AWS SDK v3 shape { accessKeyId, secretAccessKey, sessionToken? }.',
    );
  }
  return c;
}

/** The signature of a canonical request: HMAC of the string to sign under the signing key. */
async function signatureOf(s: SigV4Scope, time: string, creq: string): Promise<string> {
  const key = signingKey(s.credentials, time.slice(0, 8), s.region, s.service);
  return toHex(await hmac(await key, stringToSign(time, credentialScope(s, time), await hexSha256(creq))));
}

/**
 * Signs in headers: returns the request's headers (less any Authorization, Date or X-Amz-Date)
 * with x-amz-date, x-amz-security-token (with a session token) and authorization added. The
 * payload hash is x-amz-content-sha256 when given (S3 gives UNSIGNED-PAYLOAD), else the body's;
 * the signer adds no x-amz-content-sha256 of its own. Host is signed but not returned: fetch sets it.
 */
export async function signHeaders(r: SigV4Request, s: SigV4Scope): Promise<Record<string, string>> {
  const { accessKeyId, sessionToken } = signable(s.credentials);
  const time = amzDate(s.date);
  const headers = unwritten(r.headers);
  const payloadHash = Object.entries(r.headers).find(([name]) => name.toLowerCase() === 'x-amz-content-sha256')?.[1];
  headers['x-amz-date'] = time;
  if (sessionToken) headers['x-amz-security-token'] = sessionToken;
  const signed = canonicalHeaders(r.host, headers);
  const creq = canonicalRequest(r, signed, payloadHash ?? (await hexSha256(r.body ?? '')), s.escapePath ?? true);
  const signature = await signatureOf(s, time, creq);
  headers.authorization = `${ALGORITHM} Credential=${accessKeyId}/${credentialScope(s, time)}, SignedHeaders=${signedHeaderNames(signed)}, Signature=${signature}`;
  return headers;
}

/**
 * Signs in the query (a presigned URL): returns the request's query with X-Amz-Security-Token
 * (with a session token), X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders and
 * -Signature after it, encoded. The request's headers (less Authorization, Date and X-Amz-Date) are
 * signed where they are, none moved into the query, so whoever uses the URL must send them. The payload hash is `payloadHash` when given
 * (S3: UNSIGNED-PAYLOAD), else the body's.
 */
export async function presignQuery(r: SigV4Request, s: SigV4Scope, expiresIn: number, payloadHash?: string): Promise<string> {
  const { accessKeyId, sessionToken } = signable(s.credentials);
  const time = amzDate(s.date);
  const signed = canonicalHeaders(r.host, unwritten(r.headers));
  const query: [string, string][] = [...r.query];
  if (sessionToken) query.push(['X-Amz-Security-Token', sessionToken]);
  query.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${accessKeyId}/${credentialScope(s, time)}`],
    ['X-Amz-Date', time],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaderNames(signed)],
  );
  const creq = canonicalRequest(r, signed, payloadHash ?? (await hexSha256(r.body ?? '')), s.escapePath ?? true, query);
  query.push(['X-Amz-Signature', await signatureOf(s, time, creq)]);
  return encodeQuery(query);
}
