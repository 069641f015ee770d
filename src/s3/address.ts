// Where an object lives: virtual-hosted (bucket.s3.region.amazonaws.com/key) by default, path
// style (host/bucket/key) when asked, for buckets that cannot be a host name, and for IP hosts.
import { S3ValidationError } from './errors';

export interface ObjectAddress {
  bucket: string;
  key: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/** Each path segment RFC 3986-encoded once, slashes kept: what S3 signs and serves. */
export const encodeKey = (key: string): string =>
  key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
    .join('/');

const DNS_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function checkAddress(a: ObjectAddress): void {
  if (!a.bucket || !/^[a-zA-Z0-9._-]{3,255}$/.test(a.bucket)) {
    throw new S3ValidationError('bucket', `"${a.bucket}" is not a bucket name`, 'Bucket names are 3-63 lowercase letters, digits, dots and hyphens.');
  }
  if (!a.key) throw new S3ValidationError('key', 'is empty', 'Give the object key, e.g. "uploads/photo.jpg".');
  if (new TextEncoder().encode(a.key).length > 1024) throw new S3ValidationError('key', 'is longer than 1024 bytes', 'S3 keys are at most 1024 bytes of UTF-8.');
  if (!a.region && !a.endpoint) throw new S3ValidationError('region', 'is missing', 'Give the bucket\u2019s region, e.g. "eu-west-1".');
}

export function objectUrl(a: ObjectAddress, query = ''): string {
  const base = new URL(a.endpoint ?? `https://s3.${a.region}.amazonaws.com`);
  if (base.protocol !== 'https:' && !LOOPBACK.test(base.hostname)) {
    throw new S3ValidationError('endpoint', `${base.origin} is plain http`, 'Use https (http is accepted for localhost and 127.0.0.1 only).');
  }
  const pathStyle =
    a.forcePathStyle || IP_HOST.test(base.hostname) || !DNS_BUCKET.test(a.bucket) || (a.bucket.includes('.') && base.protocol === 'https:');
  const prefix = base.pathname.replace(/\/$/, '');
  const host = pathStyle ? base.host : `${a.bucket}.${base.host}`;
  const path = pathStyle ? `${prefix}/${a.bucket}/${encodeKey(a.key)}` : `${prefix}/${encodeKey(a.key)}`;
  return `${base.protocol}//${host}${path}${query ? `?${query}` : ''}`;
}
