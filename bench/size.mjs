#!/usr/bin/env node
// `npm run size`: what each public entry, and each typical app, costs in a browser bundle:
// bundled from dist with esbuild, minified, gzip -9; react external. The AWS SDK routes for the
// same jobs, and Uppy's upload path (@uppy/core + @uppy/aws-s3), are bundled the same way in the
// same run, side by side.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';

// target: the min+gzip budget a kit row should stay within (KB), printed next to it.
const kit = (name, code, target) => ({ name, code, side: 'kit', target });
const sdk = (name, code) => ({ name, code, side: 'sdk' });
const uppy = (name, code) => ({ name, code, side: 'uppy' });

// One typical app: sign in with an OIDC provider, trade the ID token for credentials, keep them.
const OIDC_SETTINGS = `{ authority: 'https://login.example-idp.com', client_id: 'web-app', redirect_uri: location.origin + '/callback' }`;
const ROLE = `'arn:aws:iam::123456789012:role/BrowserUploadRole'`;
/** The same job the SDK way: oidc-client-ts for the ID token, fromWebToken (from `from`) for credentials. */
const sdkSignIn = (from) => `import { UserManager } from 'oidc-client-ts';
  import { fromWebToken } from '${from}';
  const userManager = new UserManager(${OIDC_SETTINGS});
  window.getCredentials = async () => {
    const user = await userManager.getUser();
    return fromWebToken({ roleArn: ${ROLE}, webIdentityToken: user.id_token, clientConfig: { region: 'eu-west-1' } })();
  };`;

export const CASES = [
  kit(
    'web-identity-kit/sts: assumeRoleWithWebIdentity only',
    `import { assumeRoleWithWebIdentity } from 'web-identity-kit/sts'; window.x = assumeRoleWithWebIdentity;`,
    15,
  ),
  kit('web-identity-kit/sts: StsClient (all operations)', `import { StsClient } from 'web-identity-kit/sts'; window.x = StsClient;`, 25),
  kit('web-identity-kit/sts: whole entry', `import * as m from 'web-identity-kit/sts'; window.x = m;`),
  kit('web-identity-kit/credentials: whole entry', `import * as m from 'web-identity-kit/credentials'; window.x = m;`),
  kit('web-identity-kit/oidc: whole entry', `import * as m from 'web-identity-kit/oidc'; window.x = m;`),
  kit('web-identity-kit/s3: whole entry', `import * as m from 'web-identity-kit/s3'; window.x = m;`),
  kit('web-identity-kit/react: whole entry', `import * as m from 'web-identity-kit/react'; window.x = m;`),
  kit('web-identity-kit: whole package', `import * as m from 'web-identity-kit'; window.x = m;`),
  kit(
    'sign-in + credentials (oidc-client-ts included)',
    `import { createUserManager, oidcTokenSource } from 'web-identity-kit/oidc';
     import { createCredentialSession } from 'web-identity-kit/credentials';
     const userManager = createUserManager(${OIDC_SETTINGS});
     window.session = createCredentialSession({ roleArn: ${ROLE}, region: 'eu-west-1', tokenSource: oidcTokenSource(userManager) });`,
    32,
  ),
  kit(
    'sign-in + credentials + multipart upload',
    `import { createUserManager, oidcTokenSource } from 'web-identity-kit/oidc';
     import { createCredentialSession } from 'web-identity-kit/credentials';
     import { uploadToS3 } from 'web-identity-kit/s3';
     const userManager = createUserManager(${OIDC_SETTINGS});
     const session = createCredentialSession({ roleArn: ${ROLE}, region: 'eu-west-1', tokenSource: oidcTokenSource(userManager) });
     window.up = (file) => uploadToS3({ bucket: 'demo', key: file.name, body: file, region: 'eu-west-1', credentials: session.getCredentials });`,
    42,
  ),
  kit(
    'sign-in + credentials + upload queue (many files, one limit)',
    `import { createUserManager, oidcTokenSource } from 'web-identity-kit/oidc';
     import { createCredentialSession } from 'web-identity-kit/credentials';
     import { createUploadQueue, filesFromDrop } from 'web-identity-kit/s3';
     const userManager = createUserManager(${OIDC_SETTINGS});
     const session = createCredentialSession({ roleArn: ${ROLE}, region: 'eu-west-1', tokenSource: oidcTokenSource(userManager) });
     const queue = createUploadQueue({ bucket: 'demo', region: 'eu-west-1', credentials: session.getCredentials, resumable: true });
     window.drop = async (event) => queue.add(await filesFromDrop(event.dataTransfer));
     window.queue = queue;`,
  ),
  kit(
    'web-identity-kit/s3: uploadToS3 only',
    `import { uploadToS3 } from 'web-identity-kit/s3'; window.up = (file, credentials) => uploadToS3({ bucket: 'demo', key: file.name, body: file, region: 'eu-west-1', credentials });`,
  ),
  kit(
    'sign-in + credentials + multipart upload, from the root entry',
    `import { createUserManager, oidcTokenSource, createCredentialSession, uploadToS3 } from 'web-identity-kit';
     const userManager = createUserManager(${OIDC_SETTINGS});
     const session = createCredentialSession({ roleArn: ${ROLE}, region: 'eu-west-1', tokenSource: oidcTokenSource(userManager) });
     window.up = (file) => uploadToS3({ bucket: 'demo', key: file.name, body: file, region: 'eu-west-1', credentials: session.getCredentials });`,
    42,
  ),
  kit(
    'createOidcCredentialSession + multipart upload, from the root entry',
    `import { createOidcCredentialSession, uploadToS3 } from 'web-identity-kit';
     const session = createOidcCredentialSession({ oidc: ${OIDC_SETTINGS}, roleArn: ${ROLE}, region: 'eu-west-1' });
     window.up = (file) => uploadToS3({ bucket: 'demo', key: file.name, body: file, region: 'eu-west-1', credentials: session.getCredentials });`,
    42,
  ),
  kit(
    'React: <StsProvider oidc> + useAwsCredentials() (react external)',
    `import { StsProvider, useAwsCredentials } from 'web-identity-kit/react';
     window.x = [StsProvider, useAwsCredentials];`,
    34,
  ),
  sdk(
    '@aws-sdk/client-sts: AssumeRoleWithWebIdentityCommand',
    `import { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts'; window.x = [STSClient, AssumeRoleWithWebIdentityCommand];`,
  ),
  // The SDK route for the sign-in + credentials job. react-oidc-context is not installed here, so
  // it is not in the row; its React bindings would come on top.
  sdk('SDK route: oidc-client-ts UserManager + fromWebToken (no react-oidc-context)', sdkSignIn('@aws-sdk/credential-providers')),
  // The package's "browser" map sends dist-es/index to dist-es/index.browser, but its keys have no
  // ".js" and esbuild matches them only against the "module" path with its extension, so the row
  // above gets the Node entry. This one imports what the map points to, as bundlers that apply it get.
  sdk(
    'SDK route as above, browser entry imported by path (dist-es/index.browser.js)',
    sdkSignIn('@aws-sdk/credential-providers/dist-es/index.browser.js'),
  ),
  sdk(
    'SDK route + @aws-sdk/client-s3 and lib-storage Upload, browser entries',
    `${sdkSignIn('@aws-sdk/credential-providers/dist-es/index.browser.js')}
     import { S3Client } from '@aws-sdk/client-s3';
     import { Upload } from '@aws-sdk/lib-storage';
     window.s3 = [S3Client, Upload];`,
  ),
];

// Uppy's upload path as its docs set it up for browser signing: @uppy/core, the AwsS3 plugin with
// getCredentials (temporary credentials, SigV4 in the page), multipart for large files. No UI
// plugin. Where the credentials come from is the app's business, so sign-in is not in this row.
const UPPY_UPLOAD = `import Uppy from '@uppy/core';
  import AwsS3 from '@uppy/aws-s3';
  window.up = (files, getCredentials) => {
    const uppy = new Uppy().use(AwsS3, { s3Endpoint: 'https://demo.s3.eu-west-1.amazonaws.com', region: 'eu-west-1', getCredentials, shouldUseMultipart: true });
    uppy.addFiles(files.map((data) => ({ name: data.name, type: data.type, data })));
    return uppy.upload();
  };`;
CASES.push(
  uppy('Uppy 6: @uppy/core + @uppy/aws-s3 (getCredentials, multipart)', UPPY_UPLOAD),
  kit(
    'for comparison: sign-in + credentials (kit) + Uppy upload',
    `import { createUserManager, oidcTokenSource } from 'web-identity-kit/oidc';
     import { createCredentialSession } from 'web-identity-kit/credentials';
     ${UPPY_UPLOAD}
     const userManager = createUserManager(${OIDC_SETTINGS});
     window.session = createCredentialSession({ roleArn: ${ROLE}, region: 'eu-west-1', tokenSource: oidcTokenSource(userManager) });`,
  ),
);
/** The ratios printed under the table: [kit row, Uppy row, what the issue targets]. */
const RATIOS = [
  ['sign-in + credentials + multipart upload', 'Uppy 6: @uppy/core + @uppy/aws-s3 (getCredentials, multipart)', 'target <= 0.5 (issue 14)'],
  [
    'sign-in + credentials + upload queue (many files, one limit)',
    'Uppy 6: @uppy/core + @uppy/aws-s3 (getCredentials, multipart)',
    'target <= 0.5 (issue 14: sign-in + credentials + queue)',
  ],
  [
    'web-identity-kit/s3: uploadToS3 only',
    'Uppy 6: @uppy/core + @uppy/aws-s3 (getCredentials, multipart)',
    'upload path against upload path',
  ],
  [
    'sign-in + credentials + multipart upload',
    'for comparison: sign-in + credentials (kit) + Uppy upload',
    'the whole job, Uppy uploading',
  ],
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
    // Bundle the built package, as users get it: not the sources the repo's tsconfig paths point to.
    tsconfigRaw: {},
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const bytes = out.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The first error, and the file that made it, e.g. a Node built-in imported by a Node-only module. */
const why = (e) => {
  const first = e.errors?.[0];
  if (!first) return e.message;
  const more = e.errors.length > 1 ? ` (+${e.errors.length - 1} more)` : '';
  return `${first.text}${first.location ? ` in ${first.location.file}` : ''}${more}`;
};
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';

if (!existsSync('dist/index.js')) {
  console.error('size: dist/ is missing; run npm run build first (npm run size does).');
  process.exit(1);
}
const target = (c, gzip) => (c.target ? `  target <= ${c.target} KB gzip${gzip > c.target * 1024 ? ' (over)' : ''}` : '');
console.log(`${'bundle'.padEnd(76)} ${'min'.padStart(10)} ${'min+gzip'.padStart(10)}`);
const sizes = new Map();
for (const c of CASES) {
  try {
    const { min, gzip } = await measure(c.code);
    sizes.set(c.name, gzip);
    console.log(`${c.name.padEnd(76)} ${kb(min)} ${kb(gzip)}${target(c, gzip)}`);
  } catch (e) {
    console.log(`${c.name.padEnd(76)} does not bundle for the browser: ${why(e)}`);
  }
}
for (const [kitRow, uppyRow, note] of RATIOS) {
  if (!sizes.has(kitRow) || !sizes.has(uppyRow)) continue;
  console.log(`"${kitRow}" / "${uppyRow}", min+gzip: ${(sizes.get(kitRow) / sizes.get(uppyRow)).toFixed(2)} (${note})`);
}
