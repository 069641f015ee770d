// STS answers, XML in, typed values out. The tree from the XML reader is read through the
// operation's output shape, so member order does not matter and unknown elements are ignored.
import { child, children, MalformedResponse, text, type XmlNode } from '../shared/xml';
import type { Shape, StructureShape } from './shapes';

export { child, MalformedResponse, parseXml, text, type XmlNode } from '../shared/xml';

/** An STS answer document whose members cannot be read (a count that is not a number, ...). */
export class MalformedOutput extends MalformedResponse {}

/** Reads a node through a shape; members absent from the XML are absent from the result. */
export function readShape(shape: Shape, node: XmlNode | undefined, name: string): unknown {
  if (node === undefined) return undefined;
  switch (shape.type) {
    case 'structure':
      return readStructure(shape, node, name);
    case 'list':
      return children(node, 'member').map((m) => readShape(shape.member, m, 'member'));
    case 'map':
      // fromEntries defines own properties, so a key like __proto__ stays a plain key.
      return Object.fromEntries(
        children(node, 'entry').map((e) => {
          const key = text(child(e, 'key'), 'key');
          const value = readShape(shape.value, child(e, 'value'), 'value');
          if (key === undefined || value === undefined) throw new MalformedResponse('a map <entry> needs a <key> and a <value>');
          return [key, value];
        }),
      );
    case 'integer': {
      const t = text(node, name)!.trim();
      // Number() would also take 0x10, 1e3 or Infinity; the wire form is plain decimal digits.
      if (!/^[+-]?\d{1,16}$/.test(t)) throw new MalformedResponse(`<${name}> should be a whole number`);
      return Number(t);
    }
    case 'boolean': {
      const t = text(node, name)!.trim();
      if (t !== 'true' && t !== 'false') throw new MalformedResponse(`<${name}> should be true or false`);
      return t === 'true';
    }
    case 'timestamp':
      return parseTimestamp(text(node, name)!.trim(), name);
    default:
      return text(node, name);
  }
}

/** Reads a structure's members; those absent from the XML are absent from the result. */
export function readStructure(shape: StructureShape, node: XmlNode, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof node === 'string' && node.trim() !== '') throw new MalformedResponse(`<${name}> should hold elements`);
  for (const member in shape.members) {
    const v = readShape(shape.members[member], child(node, member), member);
    if (v !== undefined) out[member] = v;
  }
  return out;
}

/** ISO 8601 / RFC 3339 with or without fractional seconds or an offset; epoch seconds too. */
export function parseTimestamp(t: string, name = 'timestamp'): Date {
  if (/^\d+(\.\d+)?$/.test(t)) {
    // Epoch seconds past what Date holds (1e20) would give an Invalid Date, not an error.
    const d = new Date(Number(t) * 1000);
    if (Number.isNaN(d.getTime())) throw new MalformedResponse(`<${name}> is not a date`);
    return d;
  }
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)$/i.exec(t);
  const d = new Date(m ? t : NaN);
  // Date() rolls impossible days over (February 30 becomes March 2); refuse them instead.
  const [, y, mo, day, h, mi, s] = m ?? [];
  const days = m ? new Date(Date.UTC(+y, +mo, 0)).getUTCDate() : 0;
  if (!m || Number.isNaN(d.getTime()) || +mo < 1 || +mo > 12 || +day < 1 || +day > days || +h > 23 || +mi > 59 || +s > 60) {
    throw new MalformedResponse(`<${name}> is not a date`);
  }
  return d;
}
