#!/usr/bin/env node
// Gives every relative import in dist's declarations its .js extension. The sources import
// without extensions (moduleResolution bundler), and tsc copies specifiers as written, but
// TypeScript under node16/nodenext resolves a relative import in a .d.ts only with the extension
// the built module has: './sts/index' must read './sts/index.js'.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = process.argv[2] ?? 'dist';
const specifier = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

function withExtension(file, spec) {
  if (/\.(js|mjs|json)$/.test(spec)) return spec;
  const base = join(dirname(file), spec);
  if (existsSync(`${base}.d.ts`)) return `${spec}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${spec}/index.js`;
  throw new Error(`${file}: cannot resolve the declaration of '${spec}'`);
}

function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* declarations(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}

let changed = 0;
for (const file of declarations(root)) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(specifier, (_, lead, quote, spec) => `${lead}${quote}${withExtension(file, spec)}${quote}`);
  if (next !== text) {
    writeFileSync(file, next);
    changed++;
  }
}
console.log(`dts-extensions: ${changed} declaration files given .js extensions`);
