// Where an object lives: virtual-hosted (bucket.s3.region.amazonaws.com/key) by default, path
// style (host/bucket/key) when asked, for buckets that cannot be a host name, and for IP hosts.
import { isRegion } from '../shared/region';
import { isSecureOrLoopback, PLAIN_HTTP_HINT } from '../shared/loopback';
import { encodeRfc3986 } from '../shared/uri-encode';
import { S3ValidationError } from './errors';

/** Where an object lives: bucket, key and region, and optionally a custom endpoint. */
export interface ObjectAddress {
  /** The bucket's name. */
  bucket: string;
  /** The object's key; slashes make folders in the console. */
  key: string;
  /** The bucket's region, e.g. 'eu-west-1'. */
  region: string;
  /** A custom endpoint URL (an S3-compatible store, a local stack). Default: the region's S3 endpoint. */
  endpoint?: string;
  /**
   * Address as host/bucket/key instead of bucket.host/key. Default false; path style is used anyway
   * for IP hosts and for bucket names that cannot be a host name.
   */
  forcePathStyle?: boolean;
}

/** Each path segment RFC 3986-encoded once, slashes kept: what S3 signs and serves. */
export const encodeKey = (key: string): string => key.split('/').map(encodeRfc3986).join('/');

const DNS_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Buckets made in us-east-1 before 2018 may have capitals and underscores, up to 255 characters. */
const LEGACY_BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,253}[a-zA-Z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkAddress(a: ObjectAddress): void {
  checkBucket(a.bucket);
  checkKey(a.key);
  if (a.region !== undefined && a.region !== '' && !isRegion(a.region)) {
    // Not quoted as given: it may hold anything, and only its shape matters.
    throw new S3ValidationError(
      'region',
      'is not a region code (one DNS label of letters, digits and hyphens)',
      'Give the bucket\u2019s region, e.g. "eu-west-1".',
    );
  }
  if (!a.region && !a.endpoint) throw new S3ValidationError('region', 'is missing', 'Give the bucket\u2019s region, e.g. "eu-west-1".');
}

function checkBucket(bucket: unknown): void {
  const ok =
    typeof bucket === 'string' &&
    (DNS_BUCKET.test(bucket) || LEGACY_BUCKET.test(bucket)) &&
    !bucket.includes('..') &&
    !IP_ADDRESS.test(bucket);
  if (!ok) {
    const shown = typeof bucket === 'string' ? JSON.stringify(bucket) : typeof bucket;
    throw new S3ValidationError(
      'bucket',
      `${shown} is not a bucket name`,
      'Use 3-63 lowercase letters, digits, dots and hyphens, with a letter or digit at each end, no ".." and not an IP address.',
    );
  }
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string')
    throw new S3ValidationError('key', `must be a string; got ${typeof key}`, 'Give the object key as text, e.g. "uploads/photo.jpg".');
  if (!key) throw new S3ValidationError('key', 'is empty', 'Give the object key, e.g. "uploads/photo.jpg".');
  if (LONE_SURROGATE.test(key))
    throw new S3ValidationError(
      'key',
      'is not well-formed Unicode (it has a lone surrogate)',
      'Keys are UTF-8: check how the key was cut or built.',
    );
  if (new TextEncoder().encode(key).length > 1024)
    throw new S3ValidationError('key', 'is longer than 1024 bytes', 'S3 keys are at most 1024 bytes of UTF-8.');
  // URL parsing (WHATWG: fetch, XHR, the browser) removes "." and ".." path segments, and their
  // %2E forms too, so no request can carry them: "users/bob/../alice/x" would reach S3 as
  // "users/alice/x", and "../x" would even change the bucket of a path-style URL.
  if (key.split('/').some((s) => s === '.' || s === '..')) {
    throw new S3ValidationError(
      'key',
      'has a "." or ".." segment, which URLs remove (even percent-encoded), so S3 would get another key',
      'Rename the segment ("..backup" and ".hidden" are fine).',
    );
  }
}

/**
 * The URL of an object: virtual-hosted style (bucket.s3.region.amazonaws.com/key) by default, path
 * style when asked or needed. The key's path segments are encoded as S3 signs them.
 *
 * @param query - An already encoded query string, without `?`.
 * @throws {@link S3ValidationError} when the endpoint is not an absolute http(s) URL, or is plain
 *   http to a host other than loopback.
 */
export function objectUrl(a: ObjectAddress, query = ''): string {
  const base = endpointUrl(a.endpoint ?? `https://s3.${a.region}.amazonaws.com`);
  if (!isSecureOrLoopback(base)) throw new S3ValidationError('endpoint', `${base.origin} is plain http`, PLAIN_HTTP_HINT);
  const pathStyle =
    a.forcePathStyle || IP_HOST.test(base.hostname) || !DNS_BUCKET.test(a.bucket) || (a.bucket.includes('.') && base.protocol === 'https:');
  const prefix = base.pathname.replace(/\/$/, '');
  const host = pathStyle ? base.host : `${a.bucket}.${base.host}`;
  const path = pathStyle ? `${prefix}/${a.bucket}/${encodeKey(a.key)}` : `${prefix}/${encodeKey(a.key)}`;
  return `${base.protocol}//${host}${path}${query ? `?${query}` : ''}`;
}

function endpointUrl(endpoint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    // fall through to the typed error
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new S3ValidationError(
      'endpoint',
      'is not an absolute http(s) URL without query, fragment or credentials',
      'Use a full URL, e.g. "https://s3.eu-west-1.amazonaws.com" or "http://127.0.0.1:4566".',
    );
  }
  return url;
}
