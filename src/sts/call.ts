// One STS call, start to end: validate, serialise, send (signed when a signer is given), retry
// what the standard retry mode retries, learn the server's clock, and type the outcome.
import type { ResolvedConfig } from './config';
import { credentialsProblem } from './check-credentials';
import { StsDeserializationError, StsNetworkError, StsServiceException, StsTimeoutError, type ResponseMetadata } from './errors';
import { exchange, sleep } from './http';
import { isRetryable, isThrottling } from '../shared/retry';
import type { Operation } from './model';
import type { OutputValueOf, StructureShape } from './shapes';
import { MalformedOutput, MalformedResponse } from './parse';
import { headerRequestId, readError, readOutput, unexpectedAnswer, type HttpAnswer } from './response';
import { sensitiveValues } from './secrets';
import { serializeRequest } from './serialize';
import { validateInput } from './validate';

/** Per-call options of the STS calls. */
export interface CallOptions {
  /** Cancels the call, its retries and its backoff sleeps; the call rejects with its reason. */
  signal?: AbortSignal;
}

export interface HttpRequestParts {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Adds the Authorization and x-amz-* headers, for the time given. */
export type Signer = (request: HttpRequestParts, signingDate: Date) => Promise<Record<string, string>>;

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const CLOCK_SKEW_CODES = new Set([
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'AuthFailure',
]);

/** An operation's output as the caller receives it. */
export type CallOutput<O> = OutputValueOf<O> & { $metadata: ResponseMetadata };

export async function invoke<I extends StructureShape, O extends StructureShape>(
  operation: Operation<I, O>,
  input: unknown,
  config: ResolvedConfig,
  signer: Signer | undefined,
  options: CallOptions = {},
): Promise<CallOutput<O>> {
  const { signal } = options;
  signal?.throwIfAborted();
  validateInput(operation, input ?? {});
  const body = serializeRequest(operation, input ?? {});
  const secrets = sensitiveValues(operation.input, input);
  const $metadata: ResponseMetadata = { attempts: 0, totalRetryDelay: 0 };
  let skewCorrected = false;

  for (;;) {
    $metadata.attempts!++;
    let error: Error;
    try {
      // Only the content type: for unsigned calls that keeps the browser request "simple" (no CORS preflight).
      let headers: Record<string, string> = { 'content-type': FORM };
      if (signer) {
        headers = await signer({ url: config.url, headers, body }, new Date(serverNow(config)));
        // The session token travels in a header: an answer that echoes it must not show it.
        const token = headers['x-amz-security-token'];
        if (token && !secrets.includes(token)) secrets.push(token);
      }
      const answer = await exchange(config, { url: config.url, headers, body }, signal, $metadata);
      const clockMoved = learnClock(config, answer);
      const meta = { ...$metadata, httpStatusCode: answer.status, requestId: headerRequestId(answer) };
      config.logger?.debug?.(`sts ${operation.name} attempt ${meta.attempts}: HTTP ${answer.status}`, meta.requestId ?? '');
      if (answer.status >= 200 && answer.status < 300) {
        const result = readSuccess(operation, answer, meta, secrets);
        if (!(result instanceof Error)) return result;
        error = result;
      } else {
        error = readError(answer, meta, secrets);
        if (signer && !skewCorrected && isClockSkew(error, config, clockMoved)) {
          skewCorrected = true;
          config.logger?.warn?.(`sts ${operation.name}: clock skew corrected, signing again`);
          $metadata.attempts!--; // the corrected retry does not use up an attempt
          continue;
        }
      }
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (!(e instanceof StsNetworkError || e instanceof StsTimeoutError)) throw e;
      error = e;
    }
    if (!isRetryable(error) || $metadata.attempts! >= config.maxAttempts) throw error;
    const delay = config.retryDelay($metadata.attempts!, isThrottling(error));
    $metadata.totalRetryDelay! += delay;
    config.logger?.warn?.(`sts ${operation.name}: ${error.name}, retry ${$metadata.attempts} in ${Math.round(delay)} ms`);
    await sleep(delay, signal);
  }
}

function readSuccess<O extends StructureShape>(
  operation: Operation<StructureShape, O>,
  answer: HttpAnswer,
  meta: ResponseMetadata,
  secrets: string[],
): CallOutput<O> | Error {
  let read: ReturnType<typeof readOutput>;
  try {
    read = readOutput(operation, answer);
  } catch (e) {
    // A member that cannot be read is named, and the body (it may hold credentials) not quoted.
    if (e instanceof MalformedOutput) {
      return new StsDeserializationError(`STS answered ${operation.name} with an output that cannot be read: ${e.message}`, meta);
    }
    if (!(e instanceof MalformedResponse)) throw e;
    return unexpectedAnswer(answer, meta, secrets);
  }
  const $metadata = { ...meta, requestId: meta.requestId ?? read.requestId };
  const problem = credentialsProblem(operation, read.output);
  if (problem) return new StsDeserializationError(problem, $metadata);
  // The reader walked operation.output member by member, so the value has that shape's type.
  return { ...read.output, $metadata } as CallOutput<O>;
}

/** The local clock corrected by what the server said its time was. */
export const serverNow = (config: ResolvedConfig): number => config.clock.now() + config.clock.offset;

const SKEW_THRESHOLD_MS = 5_000;

/** Learns the server's clock from the Date header (readable where CORS exposes it). */
function learnClock(config: ResolvedConfig, answer: HttpAnswer): boolean {
  const date = answer.headers.get('date');
  const server = date ? Date.parse(date) : NaN;
  return !Number.isNaN(server) && setServerTime(config, server);
}

function setServerTime(config: ResolvedConfig, server: number): boolean {
  const offset = server - config.clock.now();
  if (Math.abs(offset - config.clock.offset) < SKEW_THRESHOLD_MS) return false;
  config.clock.offset = offset;
  return true;
}

/**
 * A signature refused for its time. Browsers cannot read the Date header of a cross-origin
 * answer, so the server's time is also taken from the message STS sends
 * ("Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125100Z - 15 min.)").
 */
function isClockSkew(error: Error, config: ResolvedConfig, clockMoved: boolean): boolean {
  if (!(error instanceof StsServiceException) || !CLOCK_SKEW_CODES.has(error.Code)) return false;
  if (clockMoved) return true;
  const m = /\((\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z [-+]/.exec(error.message);
  if (!m) return false;
  return setServerTime(config, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
