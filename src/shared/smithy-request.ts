/**
 * A URL in the request shape @smithy/signature-v4 signs: the path as it is in the URL (already
 * percent-encoded by the caller), the query decoded into pairs, the Host header from the URL.
 */
export function smithyRequest(method: string, url: URL, headers: Record<string, string>, body?: string) {
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { ...headers, host: url.host },
    body,
  };
}
