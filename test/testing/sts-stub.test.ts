import { describe, expect, it } from 'vitest';
import { StsClient, ExpiredTokenException, StsServiceException } from '../../src/sts/index';
import { createStsStub, stubError, stubRaw, stubNetworkFailure } from '../../src/testing/index';
import { rejectionOf } from '../helpers/rejection';

const WEB = { RoleArn: 'arn:aws:iam::123456789012:role/web', RoleSessionName: 'alice', WebIdentityToken: 'token-value' };

describe('createStsStub', () => {
  it('answers unscripted credential calls with fresh credentials that expire after the lifetime', async () => {
    const now = Date.UTC(2030, 5, 1, 12);
    const stub = createStsStub({ now: () => now, credentialsLifetimeSeconds: 900 });
    const client = new StsClient({ region: 'us-east-1', fetch: stub.fetch });
    const a = await client.assumeRoleWithWebIdentity(WEB);
    const b = await client.assumeRoleWithWebIdentity(WEB);
    expect(a.Credentials?.Expiration).toEqual(new Date(now + 900_000));
    expect(a.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(a.Credentials?.AccessKeyId).not.toBe(b.Credentials?.AccessKeyId);
    expect(a.AssumedRoleUser).toEqual({
      AssumedRoleId: expect.stringMatching(/^AROA\w+:alice$/) as unknown,
      Arn: 'arn:aws:sts::123456789012:assumed-role/web/alice',
    });
  });

  it('records requests decoded, with the signed flag', async () => {
    const stub = createStsStub();
    const client = new StsClient({
      region: 'us-east-1',
      fetch: stub.fetch,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    await client.assumeRoleWithWebIdentity({ ...WEB, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] });
    await client.getCallerIdentity();
    expect(stub.requests.map((r) => [r.action, r.signed])).toEqual([
      ['AssumeRoleWithWebIdentity', false],
      ['GetCallerIdentity', true],
    ]);
    expect(stub.calls('AssumeRoleWithWebIdentity')[0].input).toEqual({
      ...WEB,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
  });

  it('plays scripted answers in order and repeats the last', async () => {
    const stub = createStsStub().respond('GetCallerIdentity', { Account: '1' }, stubError('ExpiredTokenException', 'expired'), {
      Account: '3',
    });
    const client = new StsClient({ region: 'us-east-1', fetch: stub.fetch, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    expect((await client.getCallerIdentity()).Account).toBe('1');
    await expect(client.getCallerIdentity()).rejects.toBeInstanceOf(ExpiredTokenException);
    expect((await client.getCallerIdentity()).Account).toBe('3');
    expect((await client.getCallerIdentity()).Account).toBe('3');
  });

  it('answers with functions of the request, raw bodies and network failures', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', (req) =>
      stubError('AccessDenied', `no for ${String(req.input.RoleSessionName)}`, { status: 403 }),
    );
    const client = new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 });
    await expect(client.assumeRoleWithWebIdentity(WEB)).rejects.toMatchObject({ name: 'AccessDenied', message: 'no for alice' });
    stub.respond('AssumeRoleWithWebIdentity', stubRaw(503, 'Service Unavailable'));
    await expect(client.assumeRoleWithWebIdentity(WEB)).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    stub.respond('AssumeRoleWithWebIdentity', stubNetworkFailure());
    await expect(client.assumeRoleWithWebIdentity(WEB)).rejects.toMatchObject({ name: 'StsNetworkError' });
  });

  it('uses the model status for modelled errors given by SDK name or wire code', async () => {
    const stub = createStsStub();
    const client = new StsClient({ region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 });
    for (const [code, status] of [
      ['IDPRejectedClaimException', 403],
      ['IDPRejectedClaim', 403],
      ['InvalidIdentityToken', 400],
    ] as const) {
      stub.respond('AssumeRoleWithWebIdentity', stubError(code, 'm'));
      const e = await rejectionOf(client.assumeRoleWithWebIdentity(WEB), StsServiceException);
      expect(e.$metadata.httpStatusCode).toBe(status);
      expect(e.Code).toBe(code.replace(/Exception$/, ''));
    }
  });

  it('reset forgets scripts and requests', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError('AccessDenied', 'x', { status: 403 }));
    stub.reset();
    const out = await new StsClient({ region: 'us-east-1', fetch: stub.fetch }).assumeRoleWithWebIdentity(WEB);
    expect(out.Credentials).toBeDefined();
    expect(stub.requests).toHaveLength(1);
  });
});
