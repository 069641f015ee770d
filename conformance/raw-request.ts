// The SigV4 suites' raw HTTP requests (.req, .sreq, *-signed-request.txt) as the conformance tests
// read them: shared by the stack verifier's test and the kit signer's, so both read one request
// the same way.
import type { SigV4Request } from '../stack/sigv4/verifier';

export interface RawRequest extends SigV4Request {
  headers: Record<string, string[]>;
  body: string;
}

/**
 * Parses the suites' request files. The target is everything between the first and the last space
 * of the request line, so '/example space/' survives; continuation lines (obs-fold) join the
 * previous header with a space; repeated headers stay apart, as node's headersDistinct gives them.
 */
export function parseRawRequest(text: string): RawRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine, ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: Record<string, string[]> = {};
  let last: string[] | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += ` ${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    last = headers[name] ??= [];
    last.push(line.slice(colon + 1).trim());
  }
  return { method, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), headers, body };
}

export function withoutHeader(req: RawRequest, name: string): RawRequest {
  const { [name]: _dropped, ...headers } = req.headers;
  return { ...req, headers };
}

export function withHeader(req: RawRequest, name: string, value: string): RawRequest {
  return { ...req, headers: { ...req.headers, [name]: [value] } };
}

export function withoutQueryParam(req: RawRequest, name: string): RawRequest {
  const query = req.query
    .split('&')
    .filter((p) => p.split('=')[0] !== name)
    .join('&');
  return { ...req, query };
}
