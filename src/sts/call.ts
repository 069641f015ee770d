// One STS call, start to end: validate, serialise, send (signed when a signer is given), retry
// what the standard retry mode retries, learn the server's clock (clock.ts), and type the outcome.
import type { ResolvedConfig } from './config';
import { credentialsProblem } from './check-credentials';
import { learnClock, serverNow } from './clock';
import { StsDeserializationError, StsNetworkError, StsTimeoutError, type ResponseMetadata } from './errors';
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

/** How a signed call is signed (sign.ts), one per call; unsigned calls have none, and ship none of it. */
export interface Signer {
  /**
   * The request's headers signed for the time given. The session token they carry goes into
   * `secrets`: an answer that echoes it must not show it.
   */
  sign(request: HttpRequestParts, signingDate: Date, secrets: string[]): Promise<Record<string, string>>;
  /** Whether to sign again at once: STS refused the signature for its time, now known, and this call was not corrected yet. */
  signAgain(error: Error, config: ResolvedConfig, clockMoved: boolean): boolean;
  /** What to do about refusals that only a signed call gets, by error code. */
  hints: ReadonlyMap<string, string>;
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

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

  for (;;) {
    $metadata.attempts!++;
    let error: Error;
    try {
      // Only the content type: for unsigned calls that keeps the browser request "simple" (no CORS preflight).
      const request: HttpRequestParts = { url: config.url, headers: { 'content-type': FORM }, body };
      if (signer) request.headers = await signer.sign(request, new Date(serverNow(config)), secrets);
      const answer = await exchange(config, request, signal, $metadata);
      const clockMoved = learnClock(config, answer);
      const meta = { ...$metadata, httpStatusCode: answer.status, requestId: headerRequestId(answer) };
      config.logger?.debug?.(`sts ${operation.name} attempt ${meta.attempts}: HTTP ${answer.status}`, meta.requestId ?? '');
      if (answer.status >= 200 && answer.status < 300) {
        const result = readSuccess(operation, answer, meta, secrets);
        if (!(result instanceof Error)) return result;
        error = result;
      } else {
        error = readError(answer, meta, secrets, signer?.hints);
        if (signer?.signAgain(error, config, clockMoved)) {
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
