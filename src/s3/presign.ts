// Presigned GET and PUT URLs: a link to download an object, or to upload one without credentials.
import { checkAddress, objectUrl, type ObjectAddress } from './address';
import { S3_DEFAULTS } from './defaults';
import { S3ValidationError } from './errors';
import { provider, s3Scope, type S3Credentials } from './signer';
import { presignQuery, requestOf } from '../shared/sigv4';

const SEVEN_DAYS = 604800;

/** The options of {@link presignS3Url}: the object, the method and the credentials to sign with. */
export interface PresignOptions extends ObjectAddress {
  /** GET for a download link, PUT for an upload link. */
  method: 'GET' | 'PUT';
  /** Credentials or an AWS SDK v3 credential provider (e.g. session.getCredentials), asked once. */
  credentials: S3Credentials;
  /**
   * Seconds, 1 to 604800 (7 days), and no longer than the signing credentials have left: a URL
   * stops working when they expire, so a longer one is refused rather than silently cut short.
   * Default 900.
   */
  expiresIn?: number;
  /** Signing time; injectable for tests. */
  signingDate?: Date;
}

/**
 * A SigV4 presigned URL for a GET (download) or PUT (upload) of one object, valid for `expiresIn`
 * seconds (default 900). Anyone with the URL can use it until then; no request is made.
 *
 * @throws {@link S3ValidationError} when the address is wrong, the method is not GET or PUT, or
 *   `expiresIn` is out of range or outlasts the credentials.
 *
 * @example
 * ```ts
 * import { presignS3Url } from 'web-identity-kit/s3';
 *
 * const url = await presignS3Url({
 *   bucket: 'my-uploads',
 *   key: 'reports/2024.pdf',
 *   region: 'eu-west-1',
 *   method: 'GET',
 *   credentials: session.getCredentials,
 *   expiresIn: 300,
 * });
 * ```
 */
export async function presignS3Url(o: PresignOptions): Promise<string> {
  checkAddress(o);
  const expiresIn = o.expiresIn ?? S3_DEFAULTS.presignExpiresIn;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > SEVEN_DAYS) {
    throw new S3ValidationError(
      'expiresIn',
      `must be 1 to ${SEVEN_DAYS} seconds; got ${expiresIn}`,
      'SigV4 presigned URLs last at most 7 days.',
    );
  }
  if (o.method !== 'GET' && o.method !== 'PUT')
    throw new S3ValidationError('method', `must be GET or PUT; got ${String(o.method)}`, 'Presign a download (GET) or an upload (PUT).');
  const url = objectUrl(o);
  const signingDate = o.signingDate ?? new Date();
  // Asked once, so the URL is signed with the very credentials whose expiry was checked.
  const credentials = await provider(o.credentials)();
  checkLifetime(expiresIn, credentials.expiration, signingDate);
  const u = new URL(url);
  // UNSIGNED-PAYLOAD, and no header to send: the URL carries only X-Amz-* signing parameters
  // and works from any client, as in the S3 API reference.
  const query = await presignQuery(requestOf(o.method, u, {}), s3Scope(o.region, credentials, signingDate), expiresIn, 'UNSIGNED-PAYLOAD');
  return `${u.origin}${u.pathname}?${query}`;
}

function checkLifetime(expiresIn: number, expiration: Date | undefined, signingDate: Date): void {
  if (!expiration) return;
  const left = Math.floor((expiration.getTime() - signingDate.getTime()) / 1000);
  if (left < 1) {
    throw new S3ValidationError(
      'credentials',
      `expired at ${expiration.toISOString()}, before the signing time`,
      'Refresh the credentials (e.g. session.getCredentials({ forceRefresh: true })) and presign again.',
    );
  }
  if (expiresIn > left) {
    throw new S3ValidationError(
      'expiresIn',
      `must be at most ${left} seconds: the credentials that sign the URL expire at ${expiration.toISOString()}, and the URL with them`,
      `Ask for expiresIn <= ${left}, or presign with longer-lived credentials.`,
    );
  }
}
