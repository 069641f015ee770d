#!/usr/bin/env node
// The package as users get it. From the built tree: every entry of the export map resolves, both
// its module and its declarations. From the packed tarball: publint and arethetypeswrong (ESM-only
// profile: types under bundler, node16 and nodenext) report nothing, and an app without React
// installs it and imports the root and every core entry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const CORE_ENTRIES = ['.', './sts', './credentials', './oidc', './s3', './testing'];
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else {
    failed++;
    console.error(`exports: ${what}`);
  }
};
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// 1. The export map against dist, through the package's own name.
for (const [entry, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue;
  for (const file of [target.import, target.types]) check(existsSync(file), `${entry} -> ${file} is missing`);
  const error = await import(`web-identity-kit${entry.slice(1)}`).then(
    () => undefined,
    (e) => e,
  );
  check(!error, `import of ${entry} failed: ${error?.message}`);
}

// 2. Every built module of the React entry is a client module (Next.js App Router layouts, which
// are server components, can then render <StsProvider>).
const reactModules = [
  'dist/react.js',
  ...['dist/hooks', 'dist/components'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => `${dir}/${f}`),
  ),
];
for (const file of reactModules) check(readFileSync(file, 'utf8').startsWith('"use client";'), `${file} does not begin with "use client"`);

// 3. The packed tarball.
const work = mkdtempSync(join(tmpdir(), 'wik-pack-'));
try {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
  const tarball = join(work, filename);

  const { messages, pkg: packed } = await publint({ pack: { tarball: readFileSync(tarball).buffer }, level: 'suggestion', strict: true });
  for (const message of messages) check(false, `publint: ${formatMessage(message, packed)}`);
  check(true, 'publint');

  try {
    // The stylesheet is no module: there are no types to resolve for it.
    run(resolve('node_modules/.bin/attw'), [
      tarball,
      '--profile',
      'esm-only',
      '--format',
      'ascii',
      '--exclude-entrypoints',
      './styles.css',
    ]);
    check(true, 'attw');
  } catch (e) {
    check(false, `attw --profile esm-only reports problems:\n${e.stdout}${e.stderr}`);
  }

  // 4. A fresh app with no React installs the tarball and imports the root and every core entry.
  const app = join(work, 'app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'no-react-app', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], app);
  check(!existsSync(join(app, 'node_modules/react')), 'the React-free app has react installed');
  for (const entry of CORE_ENTRIES) {
    const spec = `web-identity-kit${entry.slice(1)}`;
    try {
      run('node', ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`], app);
      check(true, spec);
    } catch (e) {
      check(false, `${spec} does not import in an app without React:\n${e.stderr}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`exports: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
