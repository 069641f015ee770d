// An app that uploads (uploadToS3) ships no query signing: presigned URLs are presignS3Url's, and
// an upload signs headers only. Bundled from the sources, tree-shaken as an app's bundler would.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(code: string): Promise<string> {
  const out = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

describe('the upload path', () => {
  it('uploadToS3 bundles no presigning', async () => {
    const text = await bundle(`export { uploadToS3 } from './src/s3/upload';`);
    expect(text).toContain('AWS4-HMAC-SHA256');
    expect(text.includes('X-Amz-Expires'), 'query signing in the upload bundle').toBe(false);
  });

  it('presignS3Url has it', async () => {
    expect(await bundle(`export { presignS3Url } from './src/s3/presign';`)).toContain('X-Amz-Expires');
  });
});
