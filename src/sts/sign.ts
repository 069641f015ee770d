// SigV4 for the signed operations, with the kit's signer (src/shared/sigv4.ts). Kept apart from
// the call path so that an app using only AssumeRoleWithWebIdentity never bundles it.
import type { Signer } from './call';
import { isClockSkew } from './clock-skew';
import type { AwsCredentialIdentity } from '../shared/types';
import type { StsClientSettings } from './config';
import { CredentialsProviderError } from './errors';
import { hexSha256 } from '../shared/sha256';
import { requestOf, signHeaders, type SigV4Scope } from '../shared/sigv4';

/**
 * The credentials of a signed call, asked of the setting now: none, or a provider that fails, is a
 * typed error. Whether they can sign (accessKeyId and secretAccessKey) the signer checks, for S3 too.
 */
export async function credentialsFor(credentials: StsClientSettings['credentials'], operation: string): Promise<AwsCredentialIdentity> {
  if (!credentials) {
    throw new CredentialsProviderError(
      `${operation} is a signed operation and the StsClient has no credentials`,
      'Pass `credentials` to new StsClient(...) (a value or an AWS SDK v3 credential provider, e.g. session.getCredentials), or use an unsigned operation.',
    );
  }
  try {
    return typeof credentials === 'function' ? await credentials() : credentials;
  } catch (e) {
    if (e instanceof CredentialsProviderError) throw e;
    throw new CredentialsProviderError(
      `The credentials provider failed: ${e instanceof Error ? e.name : 'error'}`,
      'See the cause; the provider given as `credentials` could not produce credentials.',
      e,
    );
  }
}

/** Who signs an STS call at `date`: the credentials are asked of the provider now, for this call. */
export const stsScope = async (settings: StsClientSettings, signingRegion: string, operation: string, date: Date): Promise<SigV4Scope> => ({
  credentials: await credentialsFor(settings.credentials, operation),
  region: signingRegion,
  service: 'sts',
  date,
});

/** Advice on the refusals only a signed call gets (the rest is in errors.ts). */
const SIGNED_HINTS: ReadonlyMap<string, string> = new Map([
  ['SignatureDoesNotMatch', 'Check the secret access key and that the clock of this machine is right.'],
]);

/**
 * Signs an STS call in headers, the body's hash sent as x-amz-content-sha256 too, as the AWS SDK
 * sends it. Host is signed but not returned: fetch sets it itself (browsers forbid setting it), to
 * the same value. STS normalises and encodes the path again (the signer's default). A signature
 * refused for its time is recognised here (clock-skew.ts), so unsigned-only apps do not ship that.
 */
export function sigV4Signer(settings: StsClientSettings, signingRegion: string, operation: string): Signer {
  let corrected = false;
  return {
    async sign({ url, headers, body }, signingDate, secrets) {
      const signed = await signHeaders(
        requestOf('POST', new URL(url), { ...headers, 'x-amz-content-sha256': await hexSha256(body) }, body),
        await stsScope(settings, signingRegion, operation, signingDate),
      );
      const token = signed['x-amz-security-token'];
      if (token && !secrets.includes(token)) secrets.push(token);
      return signed;
    },
    // Once per call: a second refusal is not the clock's doing.
    signAgain(error, config, clockMoved) {
      if (corrected || !isClockSkew(error, config, clockMoved)) return false;
      config.logger?.warn?.(`sts ${operation}: clock skew corrected, signing again`);
      return (corrected = true);
    },
    hints: SIGNED_HINTS,
  };
}
