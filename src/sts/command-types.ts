// The types of the client's methods, derived from the rows of a table: one camelCase method per
// row, taking the row's input and giving back its output with `$metadata`, as @aws-sdk/client-sts
// types its commands. The SDK's per-operation names (`AssumeRoleCommandInput`, ...) sit beside
// each row in model.ts.
import type { CallOptions } from './call';
import type { ResponseMetadata } from './errors';
import type { InputOf, Operation, OutputOf } from './model';

/** What every command output carries besides the response: `$metadata` (HTTP status, request ID, attempts). */
export interface MetadataBearer {
  /** Facts about the HTTP exchange, as the SDK reports them. */
  $metadata: ResponseMetadata;
}

/** Operations by name, as {@link STS_OPERATIONS} holds them; a test may make its own. */
export type OperationTable = { readonly [name: string]: Operation };

/**
 * The arguments of an {@link OperationMethod}: the row's input, optional when no member is required
 * (GetCallerIdentity; an empty object is then a whole input), and the call options.
 */
export type MethodArgs<Op extends Operation> =
  Record<never, never> extends InputOf<Op> ? [input?: InputOf<Op>, options?: CallOptions] : [input: InputOf<Op>, options?: CallOptions];

/**
 * The client's method for row `N` of table `T`, e.g. `client.assumeRole` is
 * `OperationMethod<StsOperations, 'AssumeRole'>`: it takes the row's input (for AssumeRole an
 * {@link AssumeRoleCommandInput}) and resolves to its output plus `$metadata` (an
 * {@link AssumeRoleCommandOutput}). It calls {@link StsClient.send} with the row, and throws as it does.
 */
export interface OperationMethod<T extends OperationTable, N extends keyof T> {
  (...args: MethodArgs<T[N]>): Promise<OutputOf<T[N]> & MetadataBearer>;
}

/** One method per row of a table, named as the row in camelCase (AssumeRole: `assumeRole`). */
export type OperationMethods<T extends OperationTable> = { [N in keyof T & string as Uncapitalize<N>]: OperationMethod<T, N> };
