#!/usr/bin/env node
// Every entry of package.json's export map resolves, from the built package, both its module
// and its declarations: what a user's `import 'web-identity-kit/xyz'` will meet.
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let failed = 0;
let checked = 0;
for (const [entry, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue;
  for (const file of [target.import, target.types]) {
    checked++;
    if (!existsSync(file)) {
      console.error(`exports: ${entry} -> ${file} is missing`);
      failed++;
    }
  }
  await import(`web-identity-kit${entry.slice(1)}`).catch((e) => {
    console.error(`exports: import of ${entry} failed: ${e.message}`);
    failed++;
  });
}
console.log(`exports: ${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
