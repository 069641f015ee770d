// Presigned STS URLs: the call as a GET with query-string SigV4, e.g. GetCallerIdentity handed
// to a server as proof of who the user is, without sharing credentials.
import { serverNow } from './call';
import type { ResolvedConfig, StsClientSettings } from './config';
import { StsConfigurationError } from './errors';
import type { Operation } from './model';
import { encodeRfc3986 } from '../shared/uri-encode';
import { operationParams } from './serialize';
import { smithyRequest } from '../shared/smithy-request';
import { createSigner } from './sign';
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
  const request = smithyRequest('GET', url, {});
  for (const [k, v] of operationParams(operation, input ?? {})) request.query[k] = v;
  const signer = createSigner(settings, config.signingRegion, operation.name);
  const signed = await signer.presign(request, { expiresIn, signingDate: new Date(serverNow(config)) });
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(String(v))}`)
    .join('&');
  return `${url.origin}${url.pathname}?${query}`;
}
