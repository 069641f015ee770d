// StsClient: every operation of the STS table as a camelCase method, over fetch. The methods are
// not written out: withOperations makes one per row, so a new row in model.ts is a new method.
import { invoke, type CallOptions } from './call';
import { serverNow } from './clock';
import type { MetadataBearer, OperationMethods, OperationTable } from './command-types';
import { resolveConfig, type ResolvedConfig, type StsClientSettings } from './config';
import type { Operation } from './model';
import { STS_OPERATIONS, type StsOperations } from './operations';
import { presignCall, type PresignOptions } from './presign';
import type { OutputValueOf, StructureShape, ValueOf } from './shapes';
import { sigV4Signer } from './sign';

/** What {@link withOperations} needs of a client: a `send` that calls any row. */
interface Sender {
  send(operation: Operation, input: unknown, options?: CallOptions): Promise<unknown>;
}

/**
 * Gives `client` one method per row of `table`, named as the row in camelCase, that calls
 * `client.send` with that row: how StsClient gets its methods from STS_OPERATIONS, and how a test
 * gets a typed method for a row of its own.
 *
 * @internal
 */
export function withOperations<C extends Sender, T extends OperationTable>(client: C, table: T): C & OperationMethods<T> {
  const methods: Record<string, (input: unknown, options?: CallOptions) => Promise<unknown>> = {};
  for (const name in table) {
    methods[name[0].toLowerCase() + name.slice(1)] = (input, options) => client.send(table[name], input, options);
  }
  return Object.assign(client, methods) as C & OperationMethods<T>;
}

/**
 * An STS client with every operation of the API as a camelCase method, named and typed as in
 * @aws-sdk/client-sts (inputs and outputs in PascalCase, outputs with `$metadata`). Inputs are
 * validated against the model before any network call; brief failures are retried with backoff
 * (`maxAttempts`, default 3) and each attempt times out after `requestTimeoutMs` (default 10000).
 * Signed operations need `credentials`; AssumeRoleWithWebIdentity and AssumeRoleWithSAML do not.
 *
 * The methods are the rows of {@link STS_OPERATIONS} in camelCase, each an {@link OperationMethod}:
 * `assumeRoleWithWebIdentity(input, options?)` takes an {@link AssumeRoleWithWebIdentityCommandInput}
 * and resolves to an {@link AssumeRoleWithWebIdentityCommandOutput}, and so on for every operation;
 * getCallerIdentity, getSessionToken and getScopedCredentials may be called without input.
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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
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
    withOperations(this, STS_OPERATIONS);
  }

  /** Milliseconds the server's clock is ahead of this machine's, as learnt from responses. */
  get systemClockOffset(): number {
    return this.#config.clock.offset;
  }

  /** The server's time now (epoch ms): this client's clock (`now`) plus {@link StsClient.systemClockOffset}. */
  serverNow(): number {
    return serverNow(this.#config);
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
    operation: Operation<I, O>,
    input: ValueOf<I>,
    options?: CallOptions,
  ): Promise<OutputValueOf<O> & MetadataBearer>;
  send(operation: Operation, input: unknown, options?: CallOptions): Promise<unknown> {
    const signer = operation.auth === 'sigv4' ? sigV4Signer(this.#settings, this.#config.signingRegion, operation.name) : undefined;
    return invoke(operation, input, this.#config, signer, options);
  }

  /**
   * A GET URL with query-string SigV4 for the call, valid for `expiresIn` seconds (default 900).
   *
   * @throws {@link StsValidationError} when the input breaks a constraint of the model.
   * @throws {@link CredentialsProviderError} when there are no credentials or their provider failed.
   */
  presign<I extends StructureShape>(operation: Operation<I>, input: ValueOf<I>, options?: PresignOptions): Promise<string>;
  presign(operation: Operation, input: unknown, options?: PresignOptions): Promise<string> {
    return presignCall(operation, input, this.#settings, this.#config, options);
  }
}

// The class declares send and presign; this interface adds one method per row, which the
// constructor creates from the table (withOperations) before the client can be used.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the methods are made in the constructor
export interface StsClient extends OperationMethods<StsOperations> {}
