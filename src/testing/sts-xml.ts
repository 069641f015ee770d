// STS answers as STS writes them, rendered from the operation table: used by the stub here and by
// the local stack, so both speak exactly the XML the client parses from real STS.
import { STS_ERRORS, STS_XML_NAMESPACE, type Operation, type StsErrorName } from '../sts/model';
import { formatTimestamp } from '../sts/serialize';
import { memberOf } from '../shared/member-of';
import type { Shape } from '../sts/shapes';

/** Text content needs only &, < and > escaped; quotes stay as STS writes them ("Value 'x' at ..."). */
export const escapeXml = (s: string): string => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

function renderValue(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'structure': {
      const members = value as object;
      return Object.keys(shape.members)
        .filter((name) => memberOf(members, name) != null)
        .map((name) => `<${name}>${renderValue(shape.members[name], memberOf(members, name))}</${name}>`)
        .join('');
    }
    case 'list':
      return (value as unknown[]).map((v) => `<member>${renderValue(shape.member, v)}</member>`).join('');
    case 'map':
      return Object.entries(value as object)
        .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${renderValue(shape.value, v)}</value></entry>`)
        .join('');
    case 'timestamp':
      return formatTimestamp(value as Date);
    default:
      return escapeXml(String(value));
  }
}

export function renderSuccessXml(operation: Operation, output: object, requestId: string): string {
  const op = operation.name;
  return (
    `<${op}Response xmlns="${STS_XML_NAMESPACE}">\n` +
    `  <${op}Result>${renderValue(operation.output, output)}</${op}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${escapeXml(requestId)}</RequestId>\n  </ResponseMetadata>\n` +
    `</${op}Response>\n`
  );
}

/** An STS error answer for {@link stubError}: the code, and optionally the message, fault type and status. */
export interface StsErrorAnswer {
  /** The wire code (`InvalidIdentityToken`) or the SDK's name (`InvalidIdentityTokenException`). */
  Code: string;
  /** The error's message. */
  Message?: string;
  /** Whose fault: 'Sender' (4xx) or 'Receiver' (5xx). Default: from the status, else 'Sender'. */
  Type?: 'Sender' | 'Receiver';
  /** HTTP status; defaults to the model's for modelled errors, else 400 (Sender) or 500 (Receiver). */
  status?: number;
}

/** The wire code and status for an error given by code or by SDK name. */
export function errorWire(e: StsErrorAnswer): { code: string; status: number; type: 'Sender' | 'Receiver' } {
  const modelled = STS_ERRORS[e.Code as StsErrorName];
  const code = modelled?.code ?? e.Code;
  const fromModel = Object.values(STS_ERRORS).find((x) => x.code === code)?.status;
  const type = e.Type ?? ((e.status ?? 400) >= 500 ? 'Receiver' : 'Sender');
  return { code, status: e.status ?? fromModel ?? (type === 'Receiver' ? 500 : 400), type };
}

export function renderErrorXml(e: StsErrorAnswer, requestId: string): string {
  const { code, type } = errorWire(e);
  return (
    `<ErrorResponse xmlns="${STS_XML_NAMESPACE}">\n` +
    `  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(code)}</Code>\n` +
    `    <Message>${escapeXml(e.Message ?? code)}</Message>\n  </Error>\n` +
    `  <RequestId>${escapeXml(requestId)}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}
