#!/usr/bin/env node
// `npm run size`: what each public entry, and each typical app, costs in a browser bundle:
// bundled from dist with esbuild, minified, gzip -9; react external. The AWS SDK routes for the
// same jobs are bundled the same way in the same run, side by side.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';

const kit = (name, code) => ({ name, code, side: 'kit' });
const sdk = (name, code) => ({ name, code, side: 'sdk' });

export const CASES = [
  kit('web-identity-kit/sts: assumeRoleWithWebIdentity only', `import { assumeRoleWithWebIdentity } from 'web-identity-kit/sts'; window.x = assumeRoleWithWebIdentity;`),
  kit('web-identity-kit/sts: StsClient (all operations)', `import { StsClient } from 'web-identity-kit/sts'; window.x = StsClient;`),
  kit('web-identity-kit/sts: whole entry', `import * as m from 'web-identity-kit/sts'; window.x = m;`),
  kit('web-identity-kit/credentials: whole entry', `import * as m from 'web-identity-kit/credentials'; window.x = m;`),
  kit('web-identity-kit/oidc: whole entry', `import * as m from 'web-identity-kit/oidc'; window.x = m;`),
  kit('web-identity-kit/s3: whole entry', `import * as m from 'web-identity-kit/s3'; window.x = m;`),
  kit('web-identity-kit/react: whole entry', `import * as m from 'web-identity-kit/react'; window.x = m;`),
  kit('web-identity-kit: whole package', `import * as m from 'web-identity-kit'; window.x = m;`),
  sdk('@aws-sdk/client-sts: AssumeRoleWithWebIdentityCommand', `import { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts'; window.x = [STSClient, AssumeRoleWithWebIdentityCommand];`),
];

async function measure(code) {
  const out = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';

if (!existsSync('dist/index.js')) {
  console.error('size: dist/ is missing; run npm run build first (npm run size does).');
  process.exit(1);
}
console.log(`${'bundle'.padEnd(64)} ${'min'.padStart(10)} ${'min+gzip'.padStart(10)}`);
for (const c of CASES) {
  try {
    const { min, gzip } = await measure(c.code);
    console.log(`${c.name.padEnd(64)} ${kb(min)} ${kb(gzip)}`);
  } catch (e) {
    console.log(`${c.name.padEnd(64)} does not bundle for the browser: ${e.errors?.[0]?.text ?? e.message}`);
  }
}
