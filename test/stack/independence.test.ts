// The local stack is an independent witness of the kit: if it borrowed the kit's code (its STS
// model, its XML reader, its form reader), a mistake there would pass on both sides. So no file
// under stack/ may import from src/ or from the package, and the stack reads no XML by hand: XML
// goes through fast-xml-parser, never through regular expressions over tags.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const STACK = join(ROOT, 'stack');
const SOURCE = /\.(c|m)?(t|j)sx?$/;

const stackFiles = (dir = STACK): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? stackFiles(join(dir, e.name)) : SOURCE.test(e.name) ? [join(dir, e.name)] : [],
  );

const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

function visit(node: ts.Node, each: (n: ts.Node) => void) {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

/** Every module specifier: import/export ... from, import(), require(), import x = require(). */
function importSpecifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  visit(source, (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      found.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || n.expression.getText() === 'require')) {
      const [arg] = n.arguments;
      found.push(arg && ts.isStringLiteralLike(arg) ? arg.text : `<computed: ${arg?.getText() ?? ''}>`);
    } else if (ts.isExternalModuleReference(n) && ts.isStringLiteral(n.expression)) {
      found.push(n.expression.text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      found.push(n.argument.literal.text);
    }
  });
  return found;
}

/** Why a specifier breaks independence, or undefined when it does not. */
function borrowsFromKit(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('<computed')) return 'a computed import cannot be checked';
  if (specifier === 'web-identity-kit' || specifier.startsWith('web-identity-kit/')) return 'imports the package';
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
  const target = relative(ROOT, resolve(dirname(file), specifier))
    .split('\\')
    .join('/');
  if (target === 'src' || target.startsWith('src/')) return `resolves into ${target}`;
  if (target.startsWith('..') || !target.startsWith('stack/')) return `resolves outside stack/ (${target})`;
  return undefined;
}

// An opening or closing tag inside a pattern: `<Code>`, `<\/Code>`, `<(\w+)`, `<[^>]`, `<${tag}`.
const TAG_IN_PATTERN = /<\\?\/?(?:[A-Za-z_(]|\[\^?>?|\\w|\$\{)/;

/** Regular expressions (literals and RegExp(...) arguments) that read XML tags. */
function tagReadingPatterns(source: ts.SourceFile): string[] {
  const found: string[] = [];
  visit(source, (n) => {
    const text = n.getText();
    // A literal's body, without its slashes and flags (so /</g is `<`, not `</g`).
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral && TAG_IN_PATTERN.test(text.slice(1, text.lastIndexOf('/')))) found.push(text);
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText() === 'RegExp') {
      const arg = n.arguments?.[0];
      if (arg && TAG_IN_PATTERN.test(arg.getText())) found.push(`RegExp(${arg.getText()})`);
    }
  });
  return found;
}

const files = stackFiles();

describe('the local stack is independent of the kit', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.map((f) => relative(STACK, f))).toContain('sts/service.ts');
  });

  it('imports nothing from src/ or from the package', () => {
    const borrowed = files.flatMap((file) =>
      importSpecifiers(parse(file)).flatMap((spec) => {
        const why = borrowsFromKit(file, spec);
        return why ? [`${relative(ROOT, file)}: '${spec}' ${why}`] : [];
      }),
    );
    expect(borrowed).toEqual([]);
  });

  it('reads no XML tags with regular expressions', () => {
    const handWritten = files.flatMap((file) => tagReadingPatterns(parse(file)).map((p) => `${relative(ROOT, file)}: ${p}`));
    expect(handWritten).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const source = (text: string) => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const file = join(STACK, 'sts', 'x.ts');

  it('find every kind of import', () => {
    const text = [
      "import a from '../../src/sts/client';",
      "import type { B } from './b';",
      "export { c } from 'web-identity-kit/testing';",
      "const d = await import('../shared/http');",
      "const e = require('node:fs');",
      "type F = import('../../src/shared/xml').F;",
    ].join('\n');
    expect(importSpecifiers(source(text))).toEqual([
      '../../src/sts/client',
      './b',
      'web-identity-kit/testing',
      '../shared/http',
      'node:fs',
      '../../src/shared/xml',
    ]);
  });

  it('tell borrowing from the kit from the stack’s own imports', () => {
    expect(borrowsFromKit(file, '../../src/sts/client')).toMatch(/src\/sts\/client/);
    expect(borrowsFromKit(file, '../../src/shared/xml')).toMatch(/src\/shared\/xml/);
    expect(borrowsFromKit(file, 'web-identity-kit')).toMatch(/package/);
    expect(borrowsFromKit(file, 'web-identity-kit/testing')).toMatch(/package/);
    expect(borrowsFromKit(file, '../../test/helpers/x')).toMatch(/outside stack/);
    expect(borrowsFromKit(file, '../shared/http')).toBeUndefined();
    expect(borrowsFromKit(file, './xml')).toBeUndefined();
    expect(borrowsFromKit(file, 'fast-xml-parser')).toBeUndefined();
    expect(borrowsFromKit(file, 'node:crypto')).toBeUndefined();
  });

  it('spot tag-reading patterns and leave escaping alone', () => {
    const text = [
      'const a = /<Code>(.*?)<\\/Code>/;',
      'const b = new RegExp(`<${tag}>([^<]*)</${tag}>`);',
      'const c = /<(\\w+)[^>]*>/g;',
      'const d = s.replace(/[<>&]/g, escape);',
      "const f = s.replace(/</g, '&lt;');",
      "const e = '<html><body>502</body></html>';",
    ].join('\n');
    expect(tagReadingPatterns(source(text))).toEqual(['/<Code>(.*?)<\\/Code>/', 'RegExp(`<${tag}>([^<]*)</${tag}>`)', '/<(\\w+)[^>]*>/g']);
  });
});
