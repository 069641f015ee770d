// An app that only trades ID tokens (assumeRoleWithWebIdentity, the credential session) ships no
// signing code: neither SigV4 nor the clock-skew correction that only signed calls need. Bundled
// from the sources, tree-shaken as an app's bundler would.
import { describe, expect, it } from 'vitest';
import { bundleSources } from '../helpers/bundle';

const bundle = (code: string) => bundleSources(code, ['oidc-client-ts']);

describe('the unsigned path', () => {
  it.each([
    ['assumeRoleWithWebIdentity', `export { assumeRoleWithWebIdentity } from './src/sts/web-identity';`],
    ['createCredentialSession', `export { createCredentialSession } from './src/credentials/session';`],
  ])('%s bundles no signer, no clock-skew correction, no advice on refused signatures', async (_name, code) => {
    const { text, inputs } = await bundle(code);
    expect(inputs).not.toContain('src/sts/clock-skew.ts');
    expect(inputs).not.toContain('src/shared/sigv4.ts');
    expect(text).not.toContain('RequestTimeTooSkewed');
    expect(text).not.toContain('Check the secret access key');
    // The clock is still learnt from answers: the session judges ID-token expiry by it.
    expect(inputs).toContain('src/sts/clock.ts');
  });

  it('the StsClient, which signs, has both', async () => {
    const { inputs } = await bundle(`export { StsClient } from './src/sts/client';`);
    expect(inputs).toEqual(expect.arrayContaining(['src/sts/clock-skew.ts', 'src/shared/sigv4.ts']));
  });
});
