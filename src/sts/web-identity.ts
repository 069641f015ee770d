// The one call a browser app needs to turn an ID token into AWS credentials, on its own: it
// imports no signer, so an app that uses only this ships no SigV4 code.
import { invoke, type CallOptions } from './call';
import { serverNow } from './clock';
import { resolveConfig, type StsClientSettings } from './config';
import type { ResponseMetadata } from './errors';
import { AssumeRoleWithWebIdentity, type AssumeRoleWithWebIdentityRequest, type AssumeRoleWithWebIdentityResponse } from './model';

/** The settings of {@link assumeRoleWithWebIdentity} and {@link webIdentityClient}: {@link StsClientSettings} without credentials (the call is unsigned). */
export type WebIdentitySettings = Omit<StsClientSettings, 'credentials'>;
/** What AssumeRoleWithWebIdentity resolves to: the {@link AssumeRoleWithWebIdentityResponse} plus `$metadata`. */
export type WebIdentityOutput = AssumeRoleWithWebIdentityResponse & { $metadata: ResponseMetadata };

/** What the credential session needs of STS; an StsClient is one, webIdentityClient() another. */
export interface WebIdentityCaller {
  /** Trades the ID token in `input.WebIdentityToken` for temporary credentials; rejects as {@link assumeRoleWithWebIdentity} does. */
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityRequest, options?: CallOptions): Promise<WebIdentityOutput>;
  /** Milliseconds the server's clock is ahead of this machine's. */
  readonly systemClockOffset: number;
  /**
   * The server's time now (epoch ms): the client's own clock plus `systemClockOffset`, the offset
   * added to the clock it was measured against. Without it the session adds the offset to its own
   * clock, which is right only for a client that runs on that clock.
   */
  serverNow?(): number;
}

/** An unsigned-only STS client: the web-identity call with a kept configuration and clock. */
export function webIdentityClient(settings: WebIdentitySettings): WebIdentityCaller {
  const config = resolveConfig(settings);
  return {
    assumeRoleWithWebIdentity: (input, options) => invoke(AssumeRoleWithWebIdentity, input, config, undefined, options),
    get systemClockOffset() {
      return config.clock.offset;
    },
    serverNow: () => serverNow(config),
  };
}

/**
 * Calls AssumeRoleWithWebIdentity once, unsigned: trades an OIDC ID token for temporary credentials
 * for the role. Retries brief failures (`maxAttempts`, default 3) with backoff; each attempt times out
 * after `requestTimeoutMs` (default 10000). Use {@link toAwsCredentials} to turn the output into an
 * AWS SDK v3 credential identity.
 *
 * @param input - The request: RoleArn, RoleSessionName and WebIdentityToken are required.
 * @param settings - Region or endpoint and the other {@link StsClientSettings} but credentials; `signal` cancels the call.
 * @throws {@link StsValidationError} when the input breaks a constraint of the model, before any network call.
 * @throws {@link StsConfigurationError} when the settings cannot work (no region, bad endpoint, out-of-range numbers).
 * @throws {@link StsNetworkError} when no HTTP answer came after every attempt (offline, DNS, CORS).
 * @throws {@link StsTimeoutError} when an attempt outlasted `requestTimeoutMs` and no attempt was left.
 * @throws {@link StsServiceException} (a subclass named as in the SDK, e.g. {@link InvalidIdentityTokenException})
 *   when STS answered with an error; {@link StsDeserializationError} when the answer was not readable.
 * @throws the `signal`'s reason when it aborts.
 *
 * @example
 * ```ts
 * import { assumeRoleWithWebIdentity, toAwsCredentials } from 'web-identity-kit/sts';
 *
 * const output = await assumeRoleWithWebIdentity(
 *   { RoleArn: 'arn:aws:iam::123456789012:role/web-upload', RoleSessionName: 'alice', WebIdentityToken: idToken },
 *   { region: 'eu-west-1' },
 * );
 * const credentials = toAwsCredentials(output); // for new S3Client({ region, credentials })
 * ```
 */
export function assumeRoleWithWebIdentity(
  input: AssumeRoleWithWebIdentityRequest,
  settings: WebIdentitySettings & CallOptions,
): Promise<WebIdentityOutput> {
  return invoke(AssumeRoleWithWebIdentity, input, resolveConfig(settings), undefined, { signal: settings.signal });
}
