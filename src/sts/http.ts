// One HTTP exchange: fetch with a timeout and the caller's signal, the whole body read as text.
import { DEFAULTS, type ResolvedConfig } from './config';
import { StsNetworkError, StsTimeoutError, type ResponseMetadata } from './errors';
import type { HttpAnswer } from './response';

export { sleep } from '../shared/sleep';

const TIMED_OUT = Symbol('timeout');

export async function exchange(
  config: ResolvedConfig,
  request: { url: string; headers: Record<string, string>; body: string; method?: string },
  signal: AbortSignal | undefined,
  $metadata: ResponseMetadata,
): Promise<HttpAnswer> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(TIMED_OUT), config.requestTimeoutMs);
  try {
    const res = await config.fetch(request.url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // STS needs no cookies, and a redirect must never carry a token elsewhere.
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
    });
    const body = await res.text();
    return { status: res.status, headers: res.headers, body: body.length > DEFAULTS.maxResponseBytes ? body.slice(0, 4096) : body };
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if (controller.signal.reason === TIMED_OUT) throw new StsTimeoutError(config.requestTimeoutMs, { ...$metadata });
    const why = e instanceof Error ? e.message : String(e);
    throw new StsNetworkError(`Could not reach STS at ${new URL(request.url).origin}: ${why}`, { ...$metadata }, e);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
