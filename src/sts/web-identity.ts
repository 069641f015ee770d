// The one call a browser app needs to turn an ID token into AWS credentials, on its own: it
// imports no signer, so an app that uses only this ships no SigV4 code.
import { invoke, type CallOptions } from './call';
import { resolveConfig, type StsClientSettings } from './config';
import type { ResponseMetadata } from './errors';
import { AssumeRoleWithWebIdentity, type AssumeRoleWithWebIdentityRequest, type AssumeRoleWithWebIdentityResponse } from './model';

export type WebIdentitySettings = Omit<StsClientSettings, 'credentials'>;
export type WebIdentityOutput = AssumeRoleWithWebIdentityResponse & { $metadata: ResponseMetadata };

/** What the credential session needs of STS; an StsClient is one, webIdentityClient() another. */
export interface WebIdentityCaller {
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityRequest, options?: CallOptions): Promise<WebIdentityOutput>;
  /** Milliseconds the server's clock is ahead of this machine's. */
  readonly systemClockOffset: number;
}

/** An unsigned-only STS client: the web-identity call with a kept configuration and clock. */
export function webIdentityClient(settings: WebIdentitySettings): WebIdentityCaller {
  const config = resolveConfig(settings);
  return {
    assumeRoleWithWebIdentity: (input, options) => invoke(AssumeRoleWithWebIdentity, input, config, undefined, options),
    get systemClockOffset() {
      return config.clock.offset;
    },
  };
}

export function assumeRoleWithWebIdentity(
  input: AssumeRoleWithWebIdentityRequest,
  settings: WebIdentitySettings & CallOptions,
): Promise<WebIdentityOutput> {
  return invoke(AssumeRoleWithWebIdentity, input, resolveConfig(settings), undefined, { signal: settings.signal });
}
