#!/usr/bin/env node
// `npm run bench`, XML part: the kit's reader (src/shared/xml.ts, from dist) on pathological
// bodies of 100 KB and 1 MB. A linear reader takes about 10x as long for 10x the bytes; a
// quadratic one about 100x. Measured here rather than asserted in a test, since timings on a
// shared machine are no pass/fail signal (the fuzz suite checks what the reader accepts).
import { parseXml } from '../dist/shared/xml.js';

const resultWith = (xml) =>
  `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>${xml}</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;

const PATHOLOGICAL = {
  'an endless tag name': (n) => '<a' + 'a'.repeat(n),
  'only <': (n) => '<'.repeat(n),
  'open tags, never closed': (n) => '<a>'.repeat(n / 3),
  'balanced deep nesting': (n) => '<a>'.repeat(n / 7) + '</a>'.repeat(n / 7),
  'siblings in the Result': (n) => resultWith('<x>y</x>'.repeat(n / 8)),
};

/** The best of several runs: the least disturbed by GC and the JIT. */
function bestTime(body, runs = 7) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      parseXml(body);
    } catch {
      // Refusing the body is what most of these documents should get; only the time matters.
    }
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

console.log('\nXML reader: time for 1 MB / time for 100 KB (linear ~10x, quadratic ~100x)');
console.log(`${'body'.padEnd(28)}${'100 KB'.padStart(10)}${'1 MB'.padStart(10)}${'ratio'.padStart(8)}`);
for (const [name, make] of Object.entries(PATHOLOGICAL)) {
  bestTime(make(10_000), 3); // warm up the JIT
  const small = bestTime(make(100_000));
  const large = bestTime(make(1_000_000));
  const ratio = large / Math.max(small, 0.05);
  console.log(
    `${name.padEnd(28)}${`${small.toFixed(2)} ms`.padStart(10)}${`${large.toFixed(2)} ms`.padStart(10)}${ratio.toFixed(1).padStart(8)}`,
  );
}
