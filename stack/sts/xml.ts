// STS answers in the XML STS sends, built with fast-xml-parser's XMLBuilder:
//   <{Op}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{Op}Result>...</{Op}Result>
//     <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></{Op}Response>
//   <ErrorResponse xmlns="..."><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// indented by two spaces, as real STS answers are.
import { XMLBuilder } from 'fast-xml-parser';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A result's content: text, a timestamp, a number, nested elements, or a list rendered as <member>s. */
export type XmlValue = string | number | Date | XmlValue[] | { [element: string]: XmlValue | undefined };

// Text needs only &, < and > escaped: STS leaves quotes alone ("Value 'x' at 'roleSessionName' ...").
// Characters XML 1.0 cannot carry at all (echoed input may hold them) become U+FFFD.
const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
const escapeText = (s: string) => Array.from(s, (c) => ESCAPES[c] ?? (isXmlChar(c.codePointAt(0) ?? 0) ? c : '\uFFFD')).join('');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  processEntities: false,
  tagValueProcessor: (_name, value) => (typeof value === 'string' ? escapeText(value) : value),
});

/** ISO 8601 in UTC to the second, as STS writes Expiration (2021-08-16T20:52:53Z). */
export const stsTimestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

type Node = string | Node[] | { [element: string]: Node };

/** The builder's input: absent members dropped, lists as repeated <member>, timestamps as text. */
function toNode(value: XmlValue): Node {
  if (value instanceof Date) return stsTimestamp(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return { member: value.map(toNode) };
  const out: Record<string, Node> = {};
  for (const [name, v] of Object.entries(value)) if (v !== undefined) out[name] = toNode(v);
  return out;
}

export function renderSuccess(operation: string, result: Record<string, XmlValue | undefined>, requestId: string): string {
  return builder.build({
    [`${operation}Response`]: {
      '@_xmlns': STS_NAMESPACE,
      [`${operation}Result`]: toNode(result),
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

export interface StsErrorBody {
  code: string;
  message: string;
  /** Sender for the caller's mistakes (4xx), Receiver for STS's own (5xx). */
  type: 'Sender' | 'Receiver';
}

export function renderError(error: StsErrorBody, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': STS_NAMESPACE,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}
