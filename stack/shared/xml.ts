// The stack's XML, both ways, on fast-xml-parser: never on the kit's own reader, so that a mistake
// in the kit's XML cannot pass on both sides (the stack is an independent witness).
//
// Reading is strict, as an AWS service is:
// - a DOCTYPE is refused before the parser sees the body. fast-xml-parser 5 has no option to
//   refuse one (it reads DOCTYPEs and their entity declarations), so the refusal is ours;
// - processEntities is off, so the parser expands nothing. Without a DTD the only references a
//   document may hold are XML's five predefined entities and character references (XML 1.0
//   §4.1, §4.6): they are decoded here, in text only (never in CDATA), and anything else after an
//   `&` makes the document not well-formed;
// - the parser is lenient (it closes mismatched tags), so XMLValidator checks well-formedness
//   first, and more than one root element is refused after.
import { XMLBuilder, XMLParser, XMLValidator, type XmlBuilderOptions } from 'fast-xml-parser';

/** Raised for a body that is not a well-formed XML document the stack accepts. */
export class XmlRefused extends Error {}

/** An element as read: its name without namespace prefix, its child elements in document order,
 * and its text (text and CDATA sections joined, comments and processing instructions left out). */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const TEXT = '#text';
const CDATA = '#cdata';

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
  textNodeName: TEXT,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** What fast-xml-parser gives with preserveOrder: one key per node, the element's name, or #text
 * (a string) or #cdata (one #text node). */
type Ordered = Record<string, Ordered[] | string>;

/** Parses a whole document and returns its root element. */
export function readXml(body: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new XmlRefused('the body declares a DOCTYPE');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new XmlRefused(`not well-formed XML: ${valid.err.msg}`);
  const roots = (parser.parse(body) as Ordered[]).map(toElement).filter((n) => typeof n !== 'string');
  if (roots.length !== 1) throw new XmlRefused(roots.length ? 'more than one root element' : 'no root element');
  return roots[0];
}

/** A node: an element, or the text it adds to its parent. */
function toElement(node: Ordered): XmlElement | string {
  const [name, value] = Object.entries(node)[0] ?? [TEXT, ''];
  if (typeof value === 'string') return name === TEXT ? decodeReferences(value) : '';
  // A CDATA section's one #text node, taken as written: no reference in it is decoded.
  if (name === CDATA) return value.map((t) => (typeof t[TEXT] === 'string' ? t[TEXT] : '')).join('');
  const element: XmlElement = { name, children: [], text: '' };
  for (const c of value.map(toElement)) {
    if (typeof c === 'string') element.text += c;
    else element.children.push(c);
  }
  return element;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:([A-Za-z_][\w.-]*)|#([0-9]+)|#x([0-9a-fA-F]+));|&/g;

// XML 1.0's Char production: what a character reference may stand for.
const isXmlChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (ref, named?: string, dec?: string, hex?: string) => {
    if (named !== undefined && Object.hasOwn(PREDEFINED, named)) return PREDEFINED[named];
    const cp = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : NaN;
    if (!isXmlChar(cp)) throw new XmlRefused(`${ref === '&' ? 'a bare &' : ref} is not a reference XML allows without a DTD`);
    return String.fromCodePoint(cp);
  });
}

// ---- reading the tree -------------------------------------------------------------------------

export const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

/** The text of the one child element with this name; undefined when there is none. Refused when
 * there are several, or when it holds elements rather than text. */
export function leafText(e: XmlElement, name: string): string | undefined {
  const found = childrenNamed(e, name);
  if (found.length > 1) throw new XmlRefused(`<${name}> appears more than once`);
  if (found[0]?.children.length) throw new XmlRefused(`<${name}> should hold text`);
  return found[0]?.text;
}

// ---- writing ----------------------------------------------------------------------------------

/** A child element: name and text, or name and children; undefined values are left out. */
export type XmlNode = [name: string, value: string | number | boolean | Date | undefined | XmlNode[]];

export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

// XMLBuilder escapes & < > " ' by default. AWS also writes the control characters XML 1.0 cannot
// carry literally (keys may contain them) as character references, so the list is extended:
// `entities` is the builder's own option (not in its typings), & first so nothing is escaped twice.
const CONTROL = Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 0x9 && c !== 0xa && c !== 0xd);
const builderOptions: XmlBuilderOptions & { entities: { regex: RegExp; val: string }[] } = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: TEXT,
  suppressEmptyNode: false,
  processEntities: true,
  entities: [
    { regex: /&/g, val: '&amp;' },
    { regex: />/g, val: '&gt;' },
    { regex: /</g, val: '&lt;' },
    { regex: /'/g, val: '&apos;' },
    { regex: /"/g, val: '&quot;' },
    ...CONTROL.map((c) => ({ regex: new RegExp(String.fromCharCode(c), 'g'), val: `&#x${c.toString(16)};` })),
  ],
};
const builder = new XMLBuilder(builderOptions);

const toText = (v: string | number | boolean | Date) => (v instanceof Date ? v.toISOString() : String(v));

/** XMLBuilder's preserveOrder input: like Ordered, plus the attributes under ':@'. */
type Buildable = Record<string, Buildable[] | string | Record<string, string>>;

function toOrdered(nodes: XmlNode[]): Buildable[] {
  return nodes.flatMap(([name, v]): Buildable[] => {
    if (v === undefined) return [];
    return [{ [name]: Array.isArray(v) ? toOrdered(v) : [{ [TEXT]: toText(v) }] }];
  });
}

/** A document: the prolog, then the root with its attributes (e.g. xmlns) and children in order. */
export function writeXml(root: string, children: XmlNode[], attributes: Record<string, string> = {}): string {
  const attrs = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${k}`, v]));
  const doc: Buildable[] = [{ [root]: toOrdered(children), ...(Object.keys(attrs).length ? { ':@': attrs } : {}) }];
  return XML_PROLOG + builder.build(doc);
}
