// Presigned GET and PUT URLs: a link to download an object, or to upload one without credentials.
import { checkAddress, objectUrl, type ObjectAddress } from './address';
import { S3_DEFAULTS } from './defaults';
import { S3ValidationError } from './errors';
import { createS3Signer, type S3Credentials } from './signer';

export interface PresignOptions extends ObjectAddress {
  method: 'GET' | 'PUT';
  credentials: S3Credentials;
  /** Seconds, 1 to 604800 (7 days); a URL never outlives the credentials that signed it. */
  expiresIn?: number;
  /** Signing time; injectable for tests. */
  signingDate?: Date;
}

export async function presignS3Url(o: PresignOptions): Promise<string> {
  checkAddress(o);
  const expiresIn = o.expiresIn ?? S3_DEFAULTS.presignExpiresIn;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new S3ValidationError('expiresIn', `must be 1 to 604800 seconds; got ${expiresIn}`, 'SigV4 presigned URLs last at most 7 days.');
  }
  if (o.method !== 'GET' && o.method !== 'PUT') throw new S3ValidationError('method', `must be GET or PUT; got ${o.method}`, 'Presign a download (GET) or an upload (PUT).');
  return createS3Signer({ region: o.region, credentials: o.credentials }).presign(o.method, objectUrl(o), expiresIn, o.signingDate);
}
