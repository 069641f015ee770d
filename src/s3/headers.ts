// Header values the kit builds from options (metadata, content type, cache control, tagging),
// checked before any request: a CR or LF would inject headers (fetch and XHR refuse them with a
// TypeError, which would look like a network failure), and a character outside printable
// US-ASCII is sent as Latin-1 by the browser but signed as UTF-8 (SignatureDoesNotMatch).
import { S3ValidationError } from './errors';

/** RFC 9110 token: what a header name may hold. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRINTABLE = /^[\t\x20-\x7e]*$/;
const VALUE_HINT = 'Header values are printable US-ASCII: encode other text first, e.g. with encodeURIComponent.';

/** What is wrong with a header value, or undefined. */
function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string; got ${typeof value}`;
  if (!PRINTABLE.test(value)) return 'has a control character (such as CR or LF) or a character outside US-ASCII';
  return undefined;
}

export function checkHeaderValue(option: string, value: unknown): void {
  const problem = value === undefined ? undefined : problemOf(value);
  if (problem) throw new S3ValidationError(option, problem, VALUE_HINT);
}

export function checkMetadata(metadata: unknown): void {
  if (metadata === undefined) return;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new S3ValidationError('metadata', 'must be an object of names to strings', 'e.g. { owner: "alice" }.');
  }
  for (const [name, value] of Object.entries(metadata)) {
    if (!TOKEN.test(name)) {
      throw new S3ValidationError(
        'metadata',
        `name ${JSON.stringify(name)} is not an HTTP header token`,
        'Metadata names are sent as x-amz-meta-<name>: use letters, digits and hyphens.',
      );
    }
    const problem = problemOf(value);
    if (problem) throw new S3ValidationError('metadata', `"${name}" ${problem}`, VALUE_HINT);
  }
}
