#!/usr/bin/env node
// node scripts/check-readme.mjs (npm run check:readme; needs `npm run build` first): every ts, tsx
// and typescript code block of README.md compiles as a user who copies it would compile it. The
// package is packed (npm pack) and installed, with what the blocks import, into a fresh app in a
// temporary directory (from the local npm cache, --prefer-offline); each block becomes one module
// of that app, and tsc checks them all with a strict app's settings (strict, noUnusedLocals,
// moduleResolution bundler, jsx react-jsx, and skipLibCheck false, so the package's own .d.ts are
// checked too). Errors are reported at their README.md line. A block meant as a listing rather than
// code belongs in another fence (```text).
//
// The one liberty: a block may use, without declaring them, the names in FREE below (the settings
// a snippet stands for, such as `authority` or `file`). The script declares those it uses and does
// not bind itself, `declare const name: type;` above the block, and nothing else; any other free
// name fails the check ("Cannot find name").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ts = require('typescript');

/** The names a block may leave free, and what they stand for. */
const FREE = {
  authority: 'string',
  client_id: 'string',
  redirect_uri: 'string',
  roleArn: 'string',
  region: 'string',
  bucket: 'string',
  file: 'File',
  onProgress: "(progress: import('web-identity-kit').UploadProgress) => void",
  App: "import('react').FC",
  // The JSON line `npm run stack` prints ("Try it on the local stack").
  stack: '{ issuer: string; sts: string; s3: string; region: string; clientId: string; roleArn: string; bucket: string }',
};

/** What the blocks import besides the package, at the versions this repository installed (so they are in the npm cache). */
// @types/node because the AWS SDK's declarations import node:stream and name Buffer (skipLibCheck
// false checks them); it also lets a block use Node's globals, which the e2e build of the app
// block in Chromium would catch.
const PEERS = ['react', '@types/react', '@types/node', 'oidc-client-ts', '@aws-sdk/client-s3', 'react-oidc-context'];

const LANGS = new Map([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['tsx', 'tsx'],
]);

const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  module: 'ESNext',
  moduleResolution: 'Bundler',
  // Each block is a module of its own, imports or not: no block sees another's names.
  moduleDetection: 'force',
  jsx: 'react-jsx',
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  skipLibCheck: false,
  types: ['node'],
  noEmit: true,
};

/** The fenced code blocks of a Markdown text: language, first code line (1-based) and code, unindented. */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const end = lines.findIndex(
      (l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(fence[0].repeat(fence.length), '') === '',
    );
    if (end < 0) throw new Error(`README.md:${i + 1}: a code fence that is never closed`);
    const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    blocks.push({ lang: lang.toLowerCase(), line: i + 2, code: code.join('\n') });
    i = end;
  }
  return blocks;
}

/** Names a block uses as values or types without binding them anywhere in itself. */
function freeNames(code, ext) {
  const source = ts.createSourceFile(
    `block.${ext}`,
    code,
    ts.ScriptTarget.Latest,
    true,
    ext === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const bound = new Set();
  const used = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      if (isBinding(node, parent)) bound.add(node.text);
      else if (!isMemberName(node, parent)) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...used].filter((n) => !bound.has(n));
}

/** An identifier that a declaration, parameter or import binds in the block. */
function isBinding(node, parent) {
  const binders = [
    ts.isVariableDeclaration,
    ts.isFunctionDeclaration,
    ts.isClassDeclaration,
    ts.isInterfaceDeclaration,
    ts.isTypeAliasDeclaration,
    ts.isEnumDeclaration,
    ts.isParameter,
    ts.isBindingElement,
    ts.isImportClause,
    ts.isImportSpecifier,
    ts.isNamespaceImport,
    ts.isTypeParameterDeclaration,
  ];
  return binders.some((is) => is(parent)) && parent.name === node;
}

/** An identifier that names a member (obj.name, { name: v }, <C name={...}>), not a variable. */
function isMemberName(node, parent) {
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node) ||
    (ts.isImportSpecifier(parent) && parent.propertyName === node) ||
    ts.isJsxAttribute(parent)
  );
}

function prelude(code, ext) {
  return freeNames(code, ext)
    .filter((name) => Object.hasOwn(FREE, name))
    .map((name) => `declare const ${name}: ${FREE[name]};`);
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

function main() {
  const started = performance.now();
  if (!existsSync(join(root, 'dist/index.d.ts')) || !existsSync(join(root, 'dist/react.d.ts'))) {
    console.error('check-readme: dist/ is not built; run `npm run build` first (the check packs the package as it is published).');
    process.exit(2);
  }
  const blocks = codeBlocks(readFileSync(join(root, 'README.md'), 'utf8'))
    .filter((b) => LANGS.has(b.lang))
    .map((b) => ({ ...b, ext: LANGS.get(b.lang) }));
  if (blocks.length === 0) {
    console.error('check-readme: README.md has no ts or tsx block; the check would prove nothing.');
    process.exit(1);
  }

  const app = mkdtempSync(join(tmpdir(), 'wik-readme-'));
  let ok = false;
  try {
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--silent', '--pack-destination', app], root));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'readme-app', private: true, type: 'module' }));
    const deps = PEERS.map((p) => `${p}@${versionOf(p)}`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${filename}`, ...deps], app);

    const files = new Map();
    for (const block of blocks) {
      const head = prelude(block.code, block.ext);
      const name = `readme-line-${block.line}.${block.ext}`;
      writeFileSync(join(app, name), [...head, block.code, ''].join('\n'));
      files.set(name, { block, offset: head.length });
    }
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [...files.keys()] }, null, 2));
    const tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
    try {
      run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], app);
      ok = true;
    } catch (e) {
      console.error(`check-readme: README.md's code does not compile as a user would copy it:\n${located(e.stdout || e.message, files)}`);
    }
  } finally {
    // A failed check keeps the app, to look into.
    if (ok) rmSync(app, { recursive: true, force: true });
    else console.error(`check-readme: the app is kept at ${app}`);
  }
  if (!ok) process.exit(1);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `check-readme: ${blocks.length} ts/tsx blocks of README.md compiled against the packed package ` +
      `(at lines ${blocks.map((b) => b.line).join(', ')}) in ${seconds} s`,
  );
}

/** tsc's "readme-line-N.tsx(row,col): error ..." lines as "README.md:line:col: error ...". */
function located(output, files) {
  return output.replace(/^(readme-line-\d+\.tsx?)\((\d+),(\d+)\)/gm, (all, name, row, col) => {
    const file = files.get(name);
    if (!file) return all;
    const line = Number(row) - file.offset;
    return line >= 1 ? `README.md:${file.block.line + line - 1}:${col}` : `README.md:${file.block.line} (prelude line ${row})`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
