// npm run examples [-- name...]: type checks and builds the apps in examples/ against the built
// package (each imports 'web-identity-kit', which resolves through package.json's exports to
// dist/), so a change that breaks what users copy fails here. Builds the library first if dist/
// lacks an entry. Stops at the first failure with a non-zero exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** A package's command-line entry, run with this Node (no shell, no npx). */
function bin(pkg, name = pkg) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

const tsc = (dir) => [bin('typescript', 'tsc'), '-p', `examples/${dir}/tsconfig.json`];
const vite = (dir) => [bin('vite'), 'build', `examples/${dir}`, '--logLevel', 'warn'];

// Next type checks during its build (with the example's tsconfig), so it needs no tsc step.
const examples = {
  'vanilla-ts': [tsc('vanilla-ts'), vite('vanilla-ts')],
  'react-vite': [tsc('react-vite'), vite('react-vite')],
  'nextjs-app-router': [[bin('next'), 'build', 'examples/nextjs-app-router']],
};

function run(args, env = {}) {
  const started = performance.now();
  console.log(`\n$ ${args.map((a) => a.replace(root, '')).join(' ')}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`examples: failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

function ensureLibraryBuilt() {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const targets = Object.values(exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)));
  if (targets.filter((t) => t.startsWith('./dist/')).every((t) => existsSync(join(root, t)))) return;
  console.log('examples: dist/ is incomplete, building the library first');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(1);
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in examples));
if (unknown.length) {
  console.error(`examples: no example named ${unknown.join(', ')}; there are ${Object.keys(examples).join(', ')}`);
  process.exit(2);
}

const started = performance.now();
ensureLibraryBuilt();
for (const [name, steps] of Object.entries(examples)) {
  if (asked.length && !asked.includes(name)) continue;
  console.log(`\n== examples/${name}`);
  // Next sends no telemetry, and never fetches to patch the lockfile (it would only on an SWC failure).
  for (const step of steps) run(step, { NEXT_TELEMETRY_DISABLED: '1', NEXT_IGNORE_INCORRECT_LOCKFILE: '1' });
}
console.log(`\nexamples: all built and type checked in ${((performance.now() - started) / 1000).toFixed(0)} s`);
