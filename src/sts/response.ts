// Turns an HTTP answer into the operation's output, or into the right typed exception.
import { serviceException, StsServiceException, type ResponseMetadata } from './errors';
import type { Operation } from './model';
import { child, MalformedOutput, MalformedResponse, readStructure, text } from './parse';
import { field, readRoot } from '../shared/xml';
import { excerpt, redact } from './secrets';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export const headerRequestId = (a: HttpAnswer): string | undefined =>
  a.headers.get('x-amzn-requestid') ?? a.headers.get('x-amz-request-id') ?? undefined;

/**
 * The output members, and the request id the body carries. Throws MalformedResponse when the body
 * is not this operation's answer, MalformedOutput when it is but a member cannot be read.
 */
export function readOutput(operation: Operation, answer: HttpAnswer): { output: Record<string, unknown>; requestId?: string } {
  const content = readRoot(answer.body, `${operation.name}Response`);
  try {
    const output = readStructure(operation.output, child(content, `${operation.name}Result`) ?? '', 'Result');
    return { output, requestId: field(child(content, 'ResponseMetadata'), 'RequestId') || undefined };
  } catch (e) {
    throw e instanceof MalformedResponse ? new MalformedOutput(e.message) : e;
  }
}

/** The typed exception for an error answer, with the advice of `hints` too (a signer's); never throws. */
export function readError(
  answer: HttpAnswer,
  $metadata: ResponseMetadata,
  secrets: readonly string[],
  hints?: ReadonlyMap<string, string>,
): StsServiceException {
  try {
    const content = readRoot(answer.body, 'ErrorResponse');
    const error = child(content, 'Error');
    const code = field(error, 'Code');
    if (!code) throw new MalformedResponse('an ErrorResponse without a Code');
    $metadata.requestId = field(content, 'RequestId') || $metadata.requestId;
    const message = redact(text(child(error, 'Message'), 'Message') ?? code, secrets);
    return serviceException(code, message, field(error, 'Type'), $metadata, hints);
  } catch {
    return unexpectedAnswer(answer, $metadata, secrets);
  }
}

/** A body that is not an STS XML answer: a proxy's HTML page, an empty or truncated body. */
export function unexpectedAnswer(answer: HttpAnswer, $metadata: ResponseMetadata, secrets: readonly string[]): StsServiceException {
  const shown = excerpt(answer.body, secrets);
  const status = answer.status;
  // A broken success body or a gateway's error page is transient; a proxy's 4xx is not.
  const transient = status < 300 || status >= 500;
  return new StsServiceException({
    name: 'UnknownError',
    Code: 'UnknownError',
    message: `STS answered HTTP ${status} with a body that is not STS XML: ${shown ? JSON.stringify(shown) : '(empty)'}`,
    $fault: transient ? 'server' : 'client',
    $metadata,
    hint: transient
      ? 'Retried; if it persists, check what stands between the app and STS.'
      : 'Something other than STS answered: check the endpoint URL and any proxy in between.',
    $retryable: transient ? { throttling: false } : undefined,
  });
}
