// Uppy 6 (@uppy/core + @uppy/aws-s3) as an app would set it up for browser-signed uploads:
// getCredentials hands it the same temporary credentials the kit has (an identity, or a provider
// such as session.getCredentials), and it signs every request itself (presigned URLs, SigV4). One
// Uppy instance per round, destroyed after.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';

/**
 * Uploads the Files under their names as keys. `limit` is Uppy's number of files in flight; Uppy
 * sends one file's parts one after another, so a single file has one request open whatever the
 * limit. Multipart is chosen by the kit's rule (bodies over `partSize`) and parts are `partSize`.
 */
export async function uppyUpload(files, { endpoint, bucket, region, credentials, concurrency, partSize }) {
  const uppy = new Uppy({ autoProceed: false });
  uppy.use(AwsS3, {
    s3Endpoint: `${endpoint}/${bucket}`,
    region,
    getCredentials: async () => {
      const c = typeof credentials === 'function' ? await credentials() : credentials;
      const { accessKeyId, secretAccessKey, sessionToken } = c;
      return { credentials: { accessKeyId, secretAccessKey, sessionToken, expiration: c.expiration?.toISOString() }, region };
    },
    limit: concurrency,
    shouldUseMultipart: (file) => file.size > partSize,
    getChunkSize: () => partSize,
    generateObjectKey: (file) => file.name,
  });
  try {
    uppy.addFiles(files.map((file) => ({ name: file.name, type: file.type, data: file, source: 'bench' })));
    const result = await uppy.upload();
    const failed = result?.failed ?? [];
    if (failed.length || result?.successful?.length !== files.length) {
      throw new Error(`Uppy: ${failed.length} of ${files.length} failed, first: ${failed[0]?.error ?? 'none'}`);
    }
  } finally {
    uppy.destroy();
  }
}
