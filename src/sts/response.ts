// Turns an HTTP answer into the operation's output, or into the right typed exception.
import { serviceException, StsServiceException, type ResponseMetadata } from './errors';
import type { Operation } from './model';
import { child, MalformedOutput, MalformedResponse, parseXml, readStructure, text } from './parse';
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
  const { root, content } = parseXml(answer.body);
  if (root !== `${operation.name}Response`) throw new MalformedResponse(`expected <${operation.name}Response>, got <${root}>`);
  try {
    const output = readStructure(operation.output, child(content, `${operation.name}Result`) ?? '', 'Result');
    const requestId = text(child(child(content, 'ResponseMetadata'), 'RequestId'), 'RequestId')?.trim();
    return { output, requestId: requestId || undefined };
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
    const { root, content } = parseXml(answer.body);
    const error = child(content, 'Error');
    const code = text(child(error, 'Code'), 'Code')?.trim();
    if (root !== 'ErrorResponse' || !code) throw new MalformedResponse('not an ErrorResponse');
    $metadata.requestId = text(child(content, 'RequestId'), 'RequestId')?.trim() || $metadata.requestId;
    const message = redact(text(child(error, 'Message'), 'Message') ?? code, secrets);
    return serviceException(code, message, text(child(error, 'Type'), 'Type')?.trim(), $metadata, hints);
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
    message: `STS answered HTTP ${status} with a body that is not an STS XML answer: ${shown ? JSON.stringify(shown) : '(empty)'}`,
    $fault: transient ? 'server' : 'client',
    $metadata,
    hint: transient
      ? 'A proxy or the network broke the answer; the call is retried. If it persists, check what stands between the app and STS.'
      : 'Something other than STS answered: check the endpoint URL and any proxy in between.',
    $retryable: transient ? { throttling: false } : undefined,
  });
}
