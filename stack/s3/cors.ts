// Bucket CORS as S3 evaluates it: origin and header globs, and the headers a matching rule adds to
// actual requests, refusals included, since a browser reads no answer without them. The preflight
// itself is an operation in s3.ts, since it answers for the stack's buckets.
import type { IncomingMessage } from 'node:http';
import { header } from './request';

/** One bucket CORS rule, as in PutBucketCors (the stack applies it to every bucket). */
export interface BucketCors {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

const globMatch = (pattern: string, value: string, ignoreCase = false) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    ignoreCase ? 'i' : '',
  ).test(value);

export function corsAllows(rule: BucketCors, origin: string, method: string, requestHeaders: string[]): boolean {
  return (
    rule.allowedOrigins.some((p) => globMatch(p, origin)) &&
    rule.allowedMethods.includes(method) &&
    requestHeaders.every((h) => rule.allowedHeaders.some((p) => globMatch(p, h, true)))
  );
}

/** The headers a matching rule adds: Expose-Headers from the rule alone, so an unlisted ETag stays hidden. */
export function corsHeaders(rule: BucketCors, origin: string): Record<string, string> {
  const wildcard = rule.allowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  if (rule.exposeHeaders.length) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return headers;
}

export function actualCors(req: IncomingMessage, rule: BucketCors | undefined): Record<string, string> {
  const origin = header(req, 'origin');
  if (!origin || !rule) return {};
  if (!corsAllows(rule, origin, req.method ?? '', []))
    return { vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method' };
  return corsHeaders(rule, origin);
}
