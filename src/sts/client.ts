// StsClient: every operation of the STS API as a camelCase method, over fetch.
import { invoke, type CallOptions } from './call';
import { resolveConfig, type ResolvedConfig, type StsClientSettings } from './config';
import type { MetadataBearer } from './command-types';
import * as M from './model';
import { presignCall, type PresignOptions } from './presign';
import type { OutputValueOf, StructureShape, ValueOf } from './shapes';
import { sigV4Signer } from './sign';

/**
 * An STS client with every operation of the API as a camelCase method, named and typed as in
 * @aws-sdk/client-sts (inputs and outputs in PascalCase, outputs with `$metadata`). Inputs are
 * validated against the model before any network call; brief failures are retried with backoff
 * (`maxAttempts`, default 3) and each attempt times out after `requestTimeoutMs` (default 10000).
 * Signed operations need `credentials`; AssumeRoleWithWebIdentity and AssumeRoleWithSAML do not.
 *
 * @example
 * ```ts
 * import { StsClient, toAwsCredentials } from 'web-identity-kit/sts';
 *
 * const sts = new StsClient({ region: 'eu-west-1' });
 * const output = await sts.assumeRoleWithWebIdentity({
 *   RoleArn: 'arn:aws:iam::123456789012:role/web-upload',
 *   RoleSessionName: 'alice',
 *   WebIdentityToken: idToken,
 * });
 * const credentials = toAwsCredentials(output);
 * ```
 */
export class StsClient {
  readonly #settings: StsClientSettings;
  readonly #config: ResolvedConfig;

  /**
   * @param settings - Region or endpoint, credentials for the signed operations, retries and timeouts.
   * @throws {@link StsConfigurationError} when the settings cannot work: no region nor endpoint, a
   *   non-https endpoint other than loopback, or maxAttempts, requestTimeoutMs or systemClockOffset out of range.
   */
  constructor(settings: StsClientSettings) {
    this.#settings = settings;
    this.#config = resolveConfig(settings);
  }

  /** Milliseconds the server's clock is ahead of this machine's, as learnt from responses. */
  get systemClockOffset(): number {
    return this.#config.clock.offset;
  }

  /** The endpoint every call goes to. */
  get endpoint(): string {
    return this.#config.url;
  }

  /**
   * Calls any operation of the table (e.g. {@link AssumeRole}); the methods below are this with types.
   * @throws {@link StsValidationError} when the input breaks a constraint of the model, before any network call.
   * @throws {@link StsConfigurationError} when the settings cannot work (no region, bad endpoint, out-of-range numbers).
   * @throws {@link StsNetworkError} when no HTTP answer came after every attempt (offline, DNS, CORS).
   * @throws {@link StsTimeoutError} when an attempt outlasted `requestTimeoutMs` and no attempt was left.
   * @throws {@link StsServiceException} (a subclass named as in the SDK, e.g. {@link InvalidIdentityTokenException})
   *   when STS answered with an error; {@link StsDeserializationError} when the answer was not readable.
   * @throws {@link CredentialsProviderError} when a signed operation has no credentials or their provider failed.
   */
  send<I extends StructureShape, O extends StructureShape>(
    operation: M.Operation<I, O>,
    input: ValueOf<I>,
    options?: CallOptions,
  ): Promise<OutputValueOf<O> & MetadataBearer>;
  send(operation: M.Operation, input: unknown, options?: CallOptions): Promise<unknown> {
    const signer = operation.auth === 'sigv4' ? sigV4Signer(this.#settings, this.#config.signingRegion, operation.name) : undefined;
    return invoke(operation, input, this.#config, signer, options);
  }

  /**
   * A GET URL with query-string SigV4 for the call, valid for `expiresIn` seconds (default 900).
   *
   * @throws {@link StsValidationError} when the input breaks a constraint of the model.
   * @throws {@link CredentialsProviderError} when there are no credentials or their provider failed.
   */
  presign<I extends StructureShape>(operation: M.Operation<I>, input: ValueOf<I>, options?: PresignOptions): Promise<string>;
  presign(operation: M.Operation, input: unknown, options?: PresignOptions): Promise<string> {
    return presignCall(operation, input, this.#settings, this.#config, options);
  }

  /** Calls AssumeRole (signed). Throws as {@link StsClient.send} does. */
  assumeRole: (input: M.AssumeRoleCommandInput, options?: CallOptions) => Promise<M.AssumeRoleCommandOutput> = (i, o) =>
    this.send(M.AssumeRole, i, o);
  /** Calls AssumeRoleWithSAML (unsigned). Throws as {@link StsClient.send} does. */
  assumeRoleWithSAML: (input: M.AssumeRoleWithSAMLCommandInput, options?: CallOptions) => Promise<M.AssumeRoleWithSAMLCommandOutput> = (
    i,
    o,
  ) => this.send(M.AssumeRoleWithSAML, i, o);
  /** Calls AssumeRoleWithWebIdentity (unsigned: needs no credentials, only the ID token). Throws as {@link StsClient.send} does. */
  assumeRoleWithWebIdentity: (
    input: M.AssumeRoleWithWebIdentityCommandInput,
    options?: CallOptions,
  ) => Promise<M.AssumeRoleWithWebIdentityCommandOutput> = (i, o) => this.send(M.AssumeRoleWithWebIdentity, i, o);
  /** Calls AssumeRoot (signed). Throws as {@link StsClient.send} does. */
  assumeRoot: (input: M.AssumeRootCommandInput, options?: CallOptions) => Promise<M.AssumeRootCommandOutput> = (i, o) =>
    this.send(M.AssumeRoot, i, o);
  /** Calls DecodeAuthorizationMessage (signed). Throws as {@link StsClient.send} does. */
  decodeAuthorizationMessage: (
    input: M.DecodeAuthorizationMessageCommandInput,
    options?: CallOptions,
  ) => Promise<M.DecodeAuthorizationMessageCommandOutput> = (i, o) => this.send(M.DecodeAuthorizationMessage, i, o);
  /** Calls GetAccessKeyInfo (signed). Throws as {@link StsClient.send} does. */
  getAccessKeyInfo: (input: M.GetAccessKeyInfoCommandInput, options?: CallOptions) => Promise<M.GetAccessKeyInfoCommandOutput> = (i, o) =>
    this.send(M.GetAccessKeyInfo, i, o);
  /** Calls GetCallerIdentity (signed); the input may be left out. Throws as {@link StsClient.send} does. */
  getCallerIdentity: (input?: M.GetCallerIdentityCommandInput, options?: CallOptions) => Promise<M.GetCallerIdentityCommandOutput> = (
    i = {},
    o,
  ) => this.send(M.GetCallerIdentity, i, o);
  /** Calls GetDelegatedAccessToken (signed). Throws as {@link StsClient.send} does. */
  getDelegatedAccessToken: (
    input: M.GetDelegatedAccessTokenCommandInput,
    options?: CallOptions,
  ) => Promise<M.GetDelegatedAccessTokenCommandOutput> = (i, o) => this.send(M.GetDelegatedAccessToken, i, o);
  /** Calls GetFederationToken (signed). Throws as {@link StsClient.send} does. */
  getFederationToken: (input: M.GetFederationTokenCommandInput, options?: CallOptions) => Promise<M.GetFederationTokenCommandOutput> = (
    i,
    o,
  ) => this.send(M.GetFederationToken, i, o);
  /** Calls GetScopedCredentials (signed); the input may be left out. Throws as {@link StsClient.send} does. */
  getScopedCredentials: (
    input?: M.GetScopedCredentialsCommandInput,
    options?: CallOptions,
  ) => Promise<M.GetScopedCredentialsCommandOutput> = (i = {}, o) => this.send(M.GetScopedCredentials, i, o);
  /** Calls GetSessionToken (signed); the input may be left out. Throws as {@link StsClient.send} does. */
  getSessionToken: (input?: M.GetSessionTokenCommandInput, options?: CallOptions) => Promise<M.GetSessionTokenCommandOutput> = (
    i = {},
    o,
  ) => this.send(M.GetSessionToken, i, o);
  /** Calls GetWebIdentityToken (signed). Throws as {@link StsClient.send} does. */
  getWebIdentityToken: (input: M.GetWebIdentityTokenCommandInput, options?: CallOptions) => Promise<M.GetWebIdentityTokenCommandOutput> = (
    i,
    o,
  ) => this.send(M.GetWebIdentityToken, i, o);
}

/** Every operation of the table, by name. */
export const STS_OPERATIONS = {
  AssumeRole: M.AssumeRole,
  AssumeRoleWithSAML: M.AssumeRoleWithSAML,
  AssumeRoleWithWebIdentity: M.AssumeRoleWithWebIdentity,
  AssumeRoot: M.AssumeRoot,
  DecodeAuthorizationMessage: M.DecodeAuthorizationMessage,
  GetAccessKeyInfo: M.GetAccessKeyInfo,
  GetCallerIdentity: M.GetCallerIdentity,
  GetDelegatedAccessToken: M.GetDelegatedAccessToken,
  GetFederationToken: M.GetFederationToken,
  GetScopedCredentials: M.GetScopedCredentials,
  GetSessionToken: M.GetSessionToken,
  GetWebIdentityToken: M.GetWebIdentityToken,
} as const;
