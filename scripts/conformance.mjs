#!/usr/bin/env node
// `npm run conformance -- <path to oracles>`: runs the conformance suite against third-party
// specs and test vectors. The path defaults to ../shared/oracles; it is handed to the tests in
// ORACLES_DIR because vitest would read a positional argument as a test-name filter.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? process.env.ORACLES_DIR ?? '../shared/oracles');
if (!existsSync(resolve(dir, 'README.md'))) {
  console.error(`conformance: no oracles at ${dir}; pass the folder: npm run conformance -- <path>`);
  process.exit(2);
}
const run = spawnSync('npx', ['vitest', 'run', '--config', 'conformance/vitest.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ORACLES_DIR: dir },
});
process.exit(run.status ?? 1);
