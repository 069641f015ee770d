// Which tabs are peers: sessions that would get the same credentials from STS share a name;
// any difference in what is asked of STS gives another.
import { describe, expect, it } from 'vitest';
import { tabScopeName } from '../../src/credentials/tab-scope';

const base = { roleArn: 'arn:aws:iam::123456789012:role/web', region: 'eu-west-1' };

describe('tabScopeName', () => {
  it('is the same for the same request, and names the role and region (no secret in it)', () => {
    expect(tabScopeName(base)).toBe(tabScopeName({ ...base }));
    expect(tabScopeName(base)).toMatch(/^web-identity-kit:arn:aws:iam::123456789012:role\/web:eu-west-1:[0-9a-z]+$/);
  });

  it('differs with anything that changes what STS grants', () => {
    const names = [
      base,
      { ...base, roleArn: 'arn:aws:iam::123456789012:role/admin' },
      { ...base, region: 'us-east-1' },
      { ...base, durationSeconds: 900 },
      { ...base, policy: '{"Version":"2012-10-17"}' },
      { ...base, policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
      { ...base, roleSessionName: 'fixed' },
      { ...base, sts: { endpoint: 'https://sts.example.com' } },
    ].map(tabScopeName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('takes the region from the built-in client\u2019s settings, and ignores a session name made per user', () => {
    expect(tabScopeName({ roleArn: base.roleArn, sts: { region: 'eu-west-1' } })).toBe(tabScopeName(base));
    expect(tabScopeName({ ...base, roleSessionName: () => 'per-user' })).toBe(tabScopeName(base));
  });
});
