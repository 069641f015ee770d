// The one call a browser app needs to turn an ID token into AWS credentials, on its own: it
// imports no signer, so an app that uses only this ships no SigV4 code.
import { invoke, type CallOptions } from './call';
import { resolveConfig, type StsClientSettings } from './config';
import type { ResponseMetadata } from './errors';
import {
  AssumeRoleWithWebIdentity,
  type AssumeRoleWithWebIdentityRequest,
  type AssumeRoleWithWebIdentityResponse,
} from './model';

export type WebIdentitySettings = Omit<StsClientSettings, 'credentials'> & CallOptions;

export function assumeRoleWithWebIdentity(
  input: AssumeRoleWithWebIdentityRequest,
  settings: WebIdentitySettings,
): Promise<AssumeRoleWithWebIdentityResponse & { $metadata: ResponseMetadata }> {
  return invoke(AssumeRoleWithWebIdentity, input, resolveConfig(settings), undefined, { signal: settings.signal });
}
