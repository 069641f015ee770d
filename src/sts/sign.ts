// SigV4 for the signed operations, with @smithy/signature-v4 and a browser SHA-256. Kept apart
// from the call path so that an app using only AssumeRoleWithWebIdentity never bundles it.
import { Sha256 } from '../shared/sha256';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Signer } from './call';
import type { AwsCredentialIdentity } from '../shared/types';
import type { StsClientSettings } from './config';
import { smithyRequest } from '../shared/smithy-request';
import { CredentialsProviderError } from './errors';

/** Wraps the credentials setting so that a missing or failing source is a typed error. */
export function credentialsProvider(credentials: StsClientSettings['credentials'], operation: string) {
  return async (): Promise<AwsCredentialIdentity> => {
    if (!credentials) {
      throw new CredentialsProviderError(
        `${operation} is a signed operation and the StsClient has no credentials`,
        'Pass `credentials` to new StsClient(...) (a value or an AWS SDK v3 credential provider, e.g. session.getCredentials), or use an unsigned operation.',
      );
    }
    let value: AwsCredentialIdentity;
    try {
      value = typeof credentials === 'function' ? await credentials() : credentials;
    } catch (e) {
      if (e instanceof CredentialsProviderError) throw e;
      throw new CredentialsProviderError(
        `The credentials provider failed: ${e instanceof Error ? e.name : 'error'}`,
        'See the cause; the provider given as `credentials` could not produce credentials.',
        e,
      );
    }
    if (!value?.accessKeyId || !value.secretAccessKey) {
      throw new CredentialsProviderError(
        'The credentials have no accessKeyId or secretAccessKey',
        'Give credentials of the AWS SDK v3 shape { accessKeyId, secretAccessKey, sessionToken? }.',
      );
    }
    return value;
  };
}

export function createSigner(settings: StsClientSettings, signingRegion: string, operation: string, service = 'sts') {
  return new SignatureV4({
    credentials: credentialsProvider(settings.credentials, operation),
    region: signingRegion,
    service,
    sha256: Sha256,
    uriEscapePath: true,
  });
}

export function sigV4Signer(settings: StsClientSettings, signingRegion: string, operation: string): Signer {
  const signer = createSigner(settings, signingRegion, operation);
  return async (request, signingDate) => {
    const signed = await signer.sign(smithyRequest('POST', new URL(request.url), request.headers, request.body), {
      signingDate,
    });
    // fetch sets Host itself (browsers forbid setting it); the signature covers the same value.
    const { host: _host, ...headers } = signed.headers;
    return headers;
  };
}
