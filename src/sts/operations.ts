// The operation table by name. Its type, StsOperations, is read off model.ts's exports (every
// exported row), so the compiler refuses the list below when a row is missing from it; the
// client's methods, the stub and the entry's exports follow from the rows by themselves. Listed
// rather than read off the module's namespace object at run time, which would cost the StsClient
// bundle 0.2 KB gzip. Apart from model.ts, so that assumeRoleWithWebIdentity alone ships one row.
import * as model from './model';
import type { Operation } from './model';

type Model = typeof model;
/**
 * The type of {@link STS_OPERATIONS}: each row of the table (an {@link Operation}) under its operation name.
 *
 * @interface
 */
export type StsOperations = { readonly [K in keyof Model as Model[K] extends Operation ? K : never]: Model[K] };
/** The name of an operation of the table, e.g. `'AssumeRoleWithWebIdentity'`. */
export type StsOperationName = keyof StsOperations;

/** Every operation of the table, by name (each row's `name`). */
export const STS_OPERATIONS: StsOperations = {
  AssumeRole: model.AssumeRole,
  AssumeRoleWithSAML: model.AssumeRoleWithSAML,
  AssumeRoleWithWebIdentity: model.AssumeRoleWithWebIdentity,
  AssumeRoot: model.AssumeRoot,
  DecodeAuthorizationMessage: model.DecodeAuthorizationMessage,
  GetAccessKeyInfo: model.GetAccessKeyInfo,
  GetCallerIdentity: model.GetCallerIdentity,
  GetDelegatedAccessToken: model.GetDelegatedAccessToken,
  GetFederationToken: model.GetFederationToken,
  GetScopedCredentials: model.GetScopedCredentials,
  GetSessionToken: model.GetSessionToken,
  GetWebIdentityToken: model.GetWebIdentityToken,
};
