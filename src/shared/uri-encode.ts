// The one percent-encoder of the kit: RFC 3986, as SigV4 and AWS form bodies want it, for STS
// bodies and URLs and S3 keys and presigned queries alike.

const UNRESERVED = /^[\w.~-]*$/;

/**
 * Every character but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) percent-encoded as UTF-8.
 * encodeURIComponent leaves !'()* alone; AWS form bodies and SigV4 escape them. Most values (an
 * ID token is base64url and dots) need no escaping at all: those are returned as they are.
 */
export const encodeRfc3986 = (s: string): string =>
  UNRESERVED.test(s) ? s : encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** Name-value pairs as `a=1&b=2`, each side encoded per RFC 3986; for form bodies and query strings. */
export const encodeQuery = (pairs: Iterable<readonly [string, unknown]>): string =>
  Array.from(pairs, ([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(String(v))}`).join('&');
