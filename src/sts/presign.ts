// Presigned STS URLs: the call as a GET with query-string SigV4, e.g. GetCallerIdentity handed
// to a server as proof of who the user is, without sharing credentials.
import { serverNow } from './clock';
import type { ResolvedConfig, StsClientSettings } from './config';
import { StsConfigurationError } from './errors';
import type { Operation } from './model';
import { operationParams } from './serialize';
import { presignQuery, requestOf } from '../shared/sigv4';
import { stsScope } from './sign';
import { validateInput } from './validate';

/** Options of {@link StsClient.presign}. */
export interface PresignOptions {
  /** Seconds the URL stays valid; SigV4 allows 1 to 604800. Default 900. */
  expiresIn?: number;
}

export async function presignCall(
  operation: Operation,
  input: unknown,
  settings: StsClientSettings,
  config: ResolvedConfig,
  { expiresIn = 900 }: PresignOptions = {},
): Promise<string> {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw new StsConfigurationError(`expiresIn must be 1 to 604800 seconds, got ${expiresIn}`);
  }
  validateInput(operation, input ?? {});
  const url = new URL(config.url);
  const request = requestOf('GET', url, {});
  request.query.push(...operationParams(operation, input ?? {}));
  const scope = await stsScope(settings, config.signingRegion, operation.name, new Date(serverNow(config)));
  return `${url.origin}${url.pathname}?${await presignQuery(request, scope, expiresIn)}`;
}
