// fast-xml-parser 4.x, its parsing core only. The package entry is CommonJS and would bring its
// builder and validator into every browser bundle (about 3.5 KB gzip of a 15 KB budget); these
// three modules are what its XMLParser.parse uses when validation is off. Pinned to ~4.5.
declare module 'fast-xml-parser/src/xmlparser/OrderedObjParser.js' {
  export default class OrderedObjParser {
    constructor(options: object);
    addExternalEntities(entities: object): void;
    parseXml(xml: string): unknown;
  }
}
declare module 'fast-xml-parser/src/xmlparser/node2json.js' {
  export function prettify(node: unknown, options: object): any;
}
declare module 'fast-xml-parser/src/xmlparser/OptionsBuilder.js' {
  import type { X2jOptions } from 'fast-xml-parser';
  export function buildOptions(options: X2jOptions): object;
}
