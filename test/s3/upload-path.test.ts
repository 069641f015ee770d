// An app that uploads (uploadToS3) ships no query signing: presigned URLs are presignS3Url's, and
// an upload signs headers only. Bundled from the sources, tree-shaken as an app's bundler would.
import { describe, expect, it } from 'vitest';
import { bundleSources } from '../helpers/bundle';

const bundle = async (code: string) => (await bundleSources(code)).text;

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
