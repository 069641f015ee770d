// Runs inside Chromium: the bench's uploads against the local S3, one call per round, timed here.
// Node (bench/browser-upload.mjs) picks the order, samples memory and checks what S3 stored.
import { assumeRoleWithWebIdentity, toAwsCredentials } from 'web-identity-kit/sts';
import { createCredentialSession } from 'web-identity-kit/credentials';
import { functionTokenSource } from 'web-identity-kit/oidc';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { bigBody, smallFiles } from './bodies.js';
import { partPairs, prepareCeiling, prepareOnePut } from './ceiling.js';
import { kitBatch, kitOne } from './kit-batch.js';
import { uppyUpload } from './uppy.js';

const REGION = 'us-east-1';
let config;

/**
 * Trades the ID token with the stack's STS (AssumeRoleWithWebIdentity, from the page as an app
 * does) for the temporary credentials every uploader in the page then shares.
 */
window.benchSetup = async ({ endpoint, bucket, sts, roleArn, idToken, partSize, concurrency, kitOptions }) => {
  const output = await assumeRoleWithWebIdentity(
    { RoleArn: roleArn, RoleSessionName: 'bench', WebIdentityToken: idToken },
    { region: REGION, endpoint: sts },
  );
  const credentials = toAwsCredentials(output);
  const s3 = { bucket, region: REGION, endpoint, forcePathStyle: true, credentials };
  config = { endpoint, bucket, region: REGION, credentials, s3, partSize, concurrency, kitOptions, sts, roleArn };
  return { expiration: credentials.expiration.toISOString() };
};

let renewing;
/**
 * For rounds whose credentials expire mid-batch: one credential session (ID tokens from Node's
 * window.benchIdToken), whose getCredentials both the kit and Uppy then ask before each request.
 */
window.benchRenewingSetup = async () => {
  const session = createCredentialSession({
    roleArn: config.roleArn,
    tokenSource: functionTokenSource(() => window.benchIdToken()),
    sts: { region: REGION, endpoint: config.sts },
    tabs: false,
  });
  await session.getCredentials();
  const credentials = session.getCredentials;
  renewing = { ...config, credentials, s3: { ...config.s3, credentials } };
};

/** What one round uploads: one body of `bytes`, or `files` Files of `bytes` each. */
const inputs = ({ bytes, files, prefix }) => (files ? { files: smallFiles(files, bytes, prefix) } : { body: bigBody(bytes) });

/**
 * Prepares the round's work (bodies, and the ceiling's presigned URLs) untimed, and returns the
 * timed part. `prefix` names what it stores: a key for one body, a key prefix for files and parts.
 */
async function prepare(impl, round, setup) {
  const { files, body } = inputs(round);
  const { prefix } = round;
  switch (impl) {
    case 'kit':
      return files ? () => kitBatch(files, setup) : () => kitOne(body, prefix, setup);
    case 'uppy':
      return () => uppyUpload(files ?? [new File([body], prefix, { type: body.type })], setup);
    case 'ceiling':
      return prepareCeiling(files ? files.map((f) => [f.name, f]) : partPairs(body, setup.partSize, prefix), setup);
    case 'one-put':
      return prepareOnePut(body, prefix, setup);
    case 'lib-storage': {
      // The SDK's default CRC32 breaks Blob bodies in browsers (aws-sdk-js-v3#6834): turned off so it can run.
      const { endpoint, region, credentials } = setup;
      const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
      return () => new Upload({ client, params: { Bucket: setup.bucket, Key: prefix, Body: body } }).done();
    }
    default:
      throw new Error(`unknown implementation ${impl}`);
  }
}

/**
 * One timed round of one implementation: resolves to the seconds it took, and rejects if any file
 * failed. With `round.renewing`, credentials come from the session of benchRenewingSetup; with it
 * or `round.offline`, a failure is returned (as `error`) rather than thrown: what each side does
 * then is the finding.
 */
window.benchRun = async (impl, round) => {
  const run = await prepare(impl, round, round.renewing ? renewing : config);
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  if (!round.renewing && !round.offline) return (await run(), { seconds: seconds() });
  return run().then(
    () => ({ seconds: seconds() }),
    (e) => ({ seconds: seconds(), error: String(e?.message ?? e) }),
  );
};

/** Keeps the page's renderer busy for `ms`, so Node can tell its process from the others by CPU time. */
window.benchBusy = (ms) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x > 0;
};
window.benchReady = true;
