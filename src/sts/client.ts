// StsClient: every operation of the STS API as a camelCase method, over fetch.
import { invoke, type CallOptions } from './call';
import { resolveConfig, type ResolvedConfig, type StsClientSettings } from './config';
import type { ResponseMetadata } from './errors';
import * as M from './model';
import { presignCall, type PresignOptions } from './presign';
import type { OutputValueOf, StructureShape, ValueOf } from './shapes';
import { sigV4Signer } from './sign';

type WithMetadata<T> = T & { $metadata: ResponseMetadata };
type Method<Op> = (input: M.InputOf<Op>, options?: CallOptions) => Promise<WithMetadata<M.OutputOf<Op>>>;
/** Operations whose input has no required member may be called without one. */
type OptionalInputMethod<Op> = (input?: M.InputOf<Op>, options?: CallOptions) => Promise<WithMetadata<M.OutputOf<Op>>>;

export class StsClient {
  readonly #settings: StsClientSettings;
  readonly #config: ResolvedConfig;

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

  /** Calls any operation of the table; the methods below are this with types. */
  send<I extends StructureShape, O extends StructureShape>(
    operation: M.Operation<I, O>,
    input: ValueOf<I>,
    options?: CallOptions,
  ): Promise<WithMetadata<OutputValueOf<O>>>;
  send(operation: M.Operation, input: unknown, options?: CallOptions): Promise<unknown> {
    const signer = operation.auth === 'sigv4' ? sigV4Signer(this.#settings, this.#config.signingRegion, operation.name) : undefined;
    return invoke(operation, input, this.#config, signer, options);
  }

  /** A GET URL with query-string SigV4 for the call, valid for `expiresIn` seconds (default 900). */
  presign<I extends StructureShape>(operation: M.Operation<I>, input: ValueOf<I>, options?: PresignOptions): Promise<string>;
  presign(operation: M.Operation, input: unknown, options?: PresignOptions): Promise<string> {
    return presignCall(operation, input, this.#settings, this.#config, options);
  }

  assumeRole: Method<typeof M.AssumeRole> = (i, o) => this.send(M.AssumeRole, i, o);
  assumeRoleWithSAML: Method<typeof M.AssumeRoleWithSAML> = (i, o) => this.send(M.AssumeRoleWithSAML, i, o);
  assumeRoleWithWebIdentity: Method<typeof M.AssumeRoleWithWebIdentity> = (i, o) => this.send(M.AssumeRoleWithWebIdentity, i, o);
  assumeRoot: Method<typeof M.AssumeRoot> = (i, o) => this.send(M.AssumeRoot, i, o);
  decodeAuthorizationMessage: Method<typeof M.DecodeAuthorizationMessage> = (i, o) => this.send(M.DecodeAuthorizationMessage, i, o);
  getAccessKeyInfo: Method<typeof M.GetAccessKeyInfo> = (i, o) => this.send(M.GetAccessKeyInfo, i, o);
  getCallerIdentity: OptionalInputMethod<typeof M.GetCallerIdentity> = (i = {}, o) => this.send(M.GetCallerIdentity, i, o);
  getDelegatedAccessToken: Method<typeof M.GetDelegatedAccessToken> = (i, o) => this.send(M.GetDelegatedAccessToken, i, o);
  getFederationToken: Method<typeof M.GetFederationToken> = (i, o) => this.send(M.GetFederationToken, i, o);
  getScopedCredentials: OptionalInputMethod<typeof M.GetScopedCredentials> = (i = {}, o) => this.send(M.GetScopedCredentials, i, o);
  getSessionToken: OptionalInputMethod<typeof M.GetSessionToken> = (i = {}, o) => this.send(M.GetSessionToken, i, o);
  getWebIdentityToken: Method<typeof M.GetWebIdentityToken> = (i, o) => this.send(M.GetWebIdentityToken, i, o);
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
