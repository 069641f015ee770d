// STS answers, XML in, typed values out. The tree from fast-xml-parser is read through the
// operation's output shape, so member order does not matter and unknown elements are ignored.
// Entities are never expanded by the parser: a body with a DOCTYPE is refused before parsing (no
// billion laughs), and only the five XML escapes and character references are decoded here.
// fast-xml-parser's validator is left out for size; checkTags below is the check we need from it.
import OrderedObjParser from 'fast-xml-parser/src/xmlparser/OrderedObjParser.js';
import { prettify } from 'fast-xml-parser/src/xmlparser/node2json.js';
import { buildOptions } from 'fast-xml-parser/src/xmlparser/OptionsBuilder.js';
import type { Shape } from './shapes';

const options = buildOptions({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  // A SessionToken may hold newlines and spaces that belong to it.
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Raised for any body that is not the XML we expect; the caller turns it into a service error. */
export class MalformedResponse extends Error {}

export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

/**
 * Every element closed, in order, and nothing after the root: catches truncated and garbled
 * bodies, which the lenient parser would read as partial documents. One linear pass.
 */
function checkTags(body: string): void {
  const stack: string[] = [];
  let closedRoot = false;
  for (const [, slash, name, selfClose] of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)(?=[\s/>])[^<>]*?(\/?)>/g)) {
    if (closedRoot) throw new MalformedResponse('content after the root element');
    if (slash) {
      if (stack.pop() !== name) throw new MalformedResponse(`unexpected </${name}>`);
    } else if (!selfClose) stack.push(name);
    closedRoot = stack.length === 0;
  }
  if (!closedRoot) throw new MalformedResponse('the body ends before its root element does');
}

/** Parses a whole document; returns its root element's name and content. */
export function parseXml(body: string): { root: string; content: XmlNode } {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new MalformedResponse('the body declares a DOCTYPE');
  let tree: Record<string, XmlNode>;
  checkTags(body);
  try {
    tree = prettify(new OrderedObjParser(options).parseXml(body), options);
  } catch {
    throw new MalformedResponse('the body is not well-formed XML');
  }
  const roots = Object.keys(tree ?? {}).filter((k) => k !== '#text');
  if (roots.length !== 1 || Array.isArray(tree[roots[0]])) throw new MalformedResponse('the body has no single root element');
  return { root: roots[0], content: tree[roots[0]] };
}

const ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decodeEntities = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(ENTITY, (m, e: string) => {
        if (e[0] !== '#') return NAMED[e];
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      });

export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => {
  if (node === undefined || typeof node === 'string' || !Object.hasOwn(node, name)) return undefined;
  const v = node[name];
  if (Array.isArray(v)) throw new MalformedResponse(`<${name}> appears more than once`);
  return v;
};

const children = (node: XmlNode | undefined, name: string): XmlNode[] => {
  if (node === undefined || typeof node === 'string' || !Object.hasOwn(node, name)) return [];
  const v = node[name];
  return Array.isArray(v) ? v : [v];
};

export const text = (node: XmlNode | undefined, name: string): string | undefined => {
  if (node === undefined) return undefined;
  if (typeof node !== 'string') {
    // An empty element parses to '' and an element with only children to an object.
    if (Object.keys(node).some((k) => k !== '#text')) throw new MalformedResponse(`<${name}> should hold text`);
    node = (node['#text'] as string) ?? '';
  }
  return decodeEntities(node);
};

/** Reads a node through a shape; members absent from the XML are absent from the result. */
export function readShape(shape: Shape, node: XmlNode | undefined, name: string): any {
  if (node === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (typeof node === 'string' && node.trim() !== '') throw new MalformedResponse(`<${name}> should hold elements`);
      for (const member in shape.members) {
        const v = readShape(shape.members[member], child(node, member), member);
        if (v !== undefined) out[member] = v;
      }
      return out;
    }
    case 'list':
      return children(node, 'member').map((m) => readShape(shape.member, m, 'member'));
    case 'map':
      // fromEntries defines own properties, so a key like __proto__ stays a plain key.
      return Object.fromEntries(
        children(node, 'entry').map((e) => [text(child(e, 'key'), 'key') ?? '', readShape(shape.value, child(e, 'value'), 'value')]),
      );
    case 'integer': {
      const t = text(node, name)!.trim();
      const n = Number(t);
      if (t === '' || !Number.isInteger(n)) throw new MalformedResponse(`<${name}> should be a whole number`);
      return n;
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

/** ISO 8601 / RFC 3339 with or without fractional seconds or an offset; epoch seconds too. */
export function parseTimestamp(t: string, name = 'timestamp'): Date {
  const d = /^\d+(\.\d+)?$/.test(t)
    ? new Date(Number(t) * 1000)
    : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/i.test(t)
      ? new Date(t)
      : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new MalformedResponse(`<${name}> is not a date`);
  return d;
}
