// SigV4 for S3, done when each request leaves: credentials are asked of the provider at that
// moment, so an upload that outlives one set of credentials signs its later parts with the next.
import { requestOf, signHeaders, type SigV4Scope } from '../shared/sigv4';
import type { AwsCredentialIdentity } from '../shared/types';
import { S3ValidationError } from './errors';

/** An AWS SDK v3 credential provider, or a fixed set of credentials. */
export type S3Credentials = AwsCredentialIdentity | ((options?: { forceRefresh?: boolean }) => Promise<AwsCredentialIdentity>);

export interface S3SignerOptions {
  region: string;
  credentials: S3Credentials;
}

/** Ask the provider for credentials; `forceRefresh` after S3 said ExpiredToken. */
export function provider(credentials: S3Credentials) {
  if (!credentials) {
    throw new S3ValidationError(
      'credentials',
      'are missing',
      'Pass credentials: e.g. session.getCredentials from createCredentialSession().',
    );
  }
  return (forceRefresh = false) =>
    typeof credentials === 'function' ? credentials(forceRefresh ? { forceRefresh } : undefined) : Promise.resolve(credentials);
}

// Paths come encoded once (encodeKey): S3 signs the path as sent, so no second escaping.
export const s3Scope = (region: string, credentials: AwsCredentialIdentity, date: Date): SigV4Scope => ({
  credentials,
  region: region || 'us-east-1',
  service: 's3',
  date,
  escapePath: false,
});

/** Signs upload requests; presigned URLs are presign.ts's, so an upload does not ship query signing. */
export function createS3Signer(o: S3SignerOptions) {
  const get = provider(o.credentials);
  // The last credentials the provider gave, in memory only and for this signer's life: after a
  // sign-out the provider throws, yet an upload's AbortMultipartUpload must still be signed.
  let last: AwsCredentialIdentity | undefined;
  const remember = async (forceRefresh = false) => (last = await get(forceRefresh));
  /**
   * The provider's credentials, unexpired at `now` (this machine's clock, as the session's
   * deadlines are). A provider that caches may give back credentials that expired meanwhile (a
   * page back online after an hour): it is asked again with forceRefresh rather than have S3
   * answer ExpiredToken.
   */
  const valid = async (now: number) => {
    const c = await remember();
    return c.expiration && c.expiration.getTime() <= now ? remember(true) : c;
  };
  /** The provider's credentials, or the last ones while unexpired at `date` if it now fails. */
  const currentOrLast = async (date: Date) => {
    try {
      return await remember();
    } catch (e) {
      if (last && (!last.expiration || last.expiration.getTime() > date.getTime())) return last;
      throw e;
    }
  };
  const headersOf = (credentials: AwsCredentialIdentity, method: string, url: string, headers: Record<string, string>, date: Date) =>
    signHeaders(
      requestOf(method, new URL(url), { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers }),
      s3Scope(o.region, credentials, date),
    );
  return {
    refresh: () => remember(true),
    /** Headers for the request; the body is not hashed (UNSIGNED-PAYLOAD, as browsers upload) unless a hash is given. */
    async sign(
      method: string,
      url: string,
      headers: Record<string, string>,
      signingDate = new Date(),
      now = Date.now(),
    ): Promise<Record<string, string>> {
      return headersOf(await valid(now), method, url, headers, signingDate);
    },
    /** As sign, but falls back to the last credentials (if unexpired): for cleaning up after a sign-out. */
    async signWithLastGood(
      method: string,
      url: string,
      headers: Record<string, string>,
      signingDate = new Date(),
    ): Promise<Record<string, string>> {
      return headersOf(await currentOrLast(signingDate), method, url, headers, signingDate);
    },
  };
}

export type S3Signer = ReturnType<typeof createS3Signer>;
