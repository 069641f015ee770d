// S3's signer refuses credentials that cannot sign with the same public class as STS does
// (CredentialsProviderError), so one `instanceof` catches it for either service, and its error
// names neither the secret key nor the session token.
import { describe, expect, it } from 'vitest';
import { createS3Signer } from '../../src/s3/signer';
import { CredentialsProviderError, presignS3Url } from '../../src/s3/index';
import { CredentialsProviderError as FromSts } from '../../src/sts/index';
import { rejectionOf } from '../helpers/rejection';

const URL_ = 'https://bucket.s3.eu-west-1.amazonaws.com/key.bin';
const unsignable = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '', sessionToken: 'SECRET-TOKEN-VALUE' };
const noKeyId = { accessKeyId: '', secretAccessKey: 'SECRET-KEY-VALUE', sessionToken: 'SECRET-TOKEN-VALUE' };

describe('S3 signer with credentials that cannot sign', () => {
  it('throws the class both entries export, so an S3-only app catches it without the STS entry', () => {
    expect(CredentialsProviderError).toBe(FromSts);
  });

  it.each([
    ['an empty secret, as a value', unsignable],
    ['an empty secret, from a provider', () => Promise.resolve(unsignable)],
    ['no access key ID', noKeyId],
  ])('%s: CredentialsProviderError, quoting no secret', async (_, credentials) => {
    const signer = createS3Signer({ region: 'eu-west-1', credentials });
    for (const attempt of [
      () => signer.sign('PUT', URL_, {}),
      () => presignS3Url({ method: 'GET', bucket: 'bucket', key: 'key.bin', region: 'eu-west-1', credentials }),
    ]) {
      const e = await rejectionOf(attempt(), CredentialsProviderError);
      expect(e.message).toMatch(/accessKeyId or secretAccessKey/);
      expect(e.hint).toMatch(/secretAccessKey/);
      expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toMatch(/SECRET-(KEY|TOKEN)-VALUE/);
    }
  });
});
