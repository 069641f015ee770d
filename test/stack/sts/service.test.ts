// The stack's IdP and STS, driven through the real sign-in flow and through two independent
// clients (the kit's and @aws-sdk/client-sts): what they accept and refuse must be what AWS would.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordLogin } from '../../../stack/oidc/password-login';
import { startLocalStack, type LocalStack } from '../../../stack/stack';
import {
  ExpiredTokenException,
  IDPRejectedClaimException,
  InvalidIdentityTokenException,
  MalformedPolicyDocumentException,
  PackedPolicyTooLargeException,
  StsClient,
  StsServiceException,
  toAwsCredentials,
} from '../../../src/sts/index';

const APP = 'http://127.0.0.1:5999/';
let stack: LocalStack;
let clock = Math.floor(Date.now() / 1000) * 1000;
let idToken: string;

beforeAll(async () => {
  stack = await startLocalStack({ redirectUris: [APP], now: () => clock, rejectedSubjects: ['alice-0002'] });
  idToken = (await passwordLogin({ issuer: stack.issuer, clientId: stack.clientId, redirectUri: APP, username: 'demo', password: 'demo' }))
    .id_token;
});
afterAll(() => stack?.close());

const kit = (more = {}) => new StsClient({ region: 'us-east-1', endpoint: stack.sts, retryDelay: () => 0, ...more });
const web = (token = idToken, more: Record<string, unknown> = {}) =>
  kit().assumeRoleWithWebIdentity({ RoleArn: stack.roleArn, RoleSessionName: 'demo-session', WebIdentityToken: token, ...more });

/** A raw awsQuery POST, for what the kit would refuse to send. */
async function rawPost(params: Record<string, string>) {
  const res = await fetch(stack.sts, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}

describe('sign-in to credentials', () => {
  it('gives a real ID token from the login page and trades it for credentials STS remembers', async () => {
    const out = await web();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.SubjectFromWebIdentityToken).toBe('demo-user-0001');
    expect(out.Provider).toBe(stack.issuer);
    expect(out.Audience).toBe(stack.clientId);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/web/demo-session');
    const issued = stack.credentials.get(out.Credentials!.AccessKeyId!);
    expect(issued?.sessionToken).toBe(out.Credentials?.SessionToken);
    expect(Math.abs(out.Credentials!.Expiration!.getTime() - (clock + 3600_000))).toBeLessThan(1000);
  });

  it('signs GetCallerIdentity with the issued credentials, with the kit and with the SDK', async () => {
    const creds = toAwsCredentials(await web());
    const mine = await kit({ credentials: creds }).getCallerIdentity();
    expect(mine.Arn).toBe('arn:aws:sts::123456789012:assumed-role/web/demo-session');
    const sdk = new STSClient({ region: 'us-east-1', endpoint: stack.sts, credentials: creds });
    const theirs = await sdk.send(new GetCallerIdentityCommand({}));
    expect(theirs).toMatchObject({ Arn: mine.Arn, Account: '123456789012', UserId: mine.UserId });
  });

  it('is accepted from @aws-sdk/client-sts the same way', async () => {
    const sdk = new STSClient({
      region: 'us-east-1',
      endpoint: stack.sts,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    });
    const out = await sdk.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: stack.roleArn, RoleSessionName: 'sdk', WebIdentityToken: idToken }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
  });

  it('carries one flow from the IdP\u2019s token to an object read back, through the official SDK clients alone', async () => {
    const { id_token } = await passwordLogin({
      issuer: stack.issuer,
      clientId: stack.clientId,
      redirectUri: APP,
      username: 'demo',
      password: 'demo',
    });
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: stack.sts,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    });
    const { Credentials } = await sts.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: stack.roleArn, RoleSessionName: 'sdk-flow', WebIdentityToken: id_token }),
    );
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: stack.s3,
      forcePathStyle: true,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    await s3.send(new PutObjectCommand({ Bucket: 'demo', Key: 'sdk-flow/demo.txt', Body: 'from the SDK' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'demo', Key: 'sdk-flow/demo.txt' }));
    expect(await got.Body!.transformToString()).toBe('from the SDK');
    // A tampered session token is refused: the stack checks tokens, not just keys.
    const forged = new S3Client({
      region: 'us-east-1',
      endpoint: stack.s3,
      forcePathStyle: true,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: 'x' + Credentials!.SessionToken!.slice(1),
      },
    });
    await expect(forged.send(new GetObjectCommand({ Bucket: 'demo', Key: 'sdk-flow/demo.txt' }))).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });

  it('shortens credential lifetime on request', async () => {
    stack.settings.credentialLifetimeSeconds = 120;
    try {
      const out = await web();
      expect(Math.round((out.Credentials!.Expiration!.getTime() - clock) / 1000)).toBe(120);
    } finally {
      stack.settings.credentialLifetimeSeconds = undefined;
    }
  });

  it('assumes a role with long-term keys (AssumeRole, signed)', async () => {
    const out = await kit({ credentials: stack.userKeys }).assumeRole({ RoleArn: stack.roleArn, RoleSessionName: 'ops' });
    expect(out.AssumedRoleUser?.Arn).toMatch(/assumed-role\/web\/ops$/);
  });
});

describe('token checks, as AWS makes them', () => {
  it.each([
    [
      'an unknown issuer',
      { iss: 'https://idp.example.com' },
      InvalidIdentityTokenException,
      /No OpenIDConnect provider found in your account for https:\/\/idp\.example\.com/,
    ],
    ['a wrong audience', { aud: 'another-client' }, InvalidIdentityTokenException, /Incorrect token audience/],
    [
      'an expired token',
      { exp: Math.floor(Date.now() / 1000) - 10 },
      ExpiredTokenException,
      /Token expired: current date\/time \d+ must be before the expiration date\/time \d+/,
    ],
    [
      'a token issued in the future',
      { iat: Math.floor(Date.now() / 1000) + 3600 },
      InvalidIdentityTokenException,
      /Token used before issued/,
    ],
  ])('refuses %s', async (_what, claims, cls, message) => {
    const token = await stack.mintIdToken({ sub: 'demo-user-0001', ...claims });
    const e = await web(token).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(cls);
    expect((e as Error).message).toMatch(message);
  });

  it('refuses a token whose signature is not the IdP key', async () => {
    const [h, p, s] = idToken.split('.');
    const forged = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const e = await web(forged).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidIdentityTokenException);
    expect((e as Error).message).toMatch(/could not be validated/);
  });

  it('refuses what is not a JWT', async () => {
    await expect(web('not-a-jwt-at-all')).rejects.toBeInstanceOf(InvalidIdentityTokenException);
  });

  it('answers IDPRejectedClaim for a subject the IdP rejects', async () => {
    const token = await stack.mintIdToken({ sub: 'alice-0002' });
    const e = await web(token).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IDPRejectedClaimException);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('the role and its limits', () => {
  it('denies a role that does not trust the token', async () => {
    const e = await kit()
      .assumeRoleWithWebIdentity({ RoleArn: 'arn:aws:iam::123456789012:role/other', RoleSessionName: 's1', WebIdentityToken: idToken })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  it('refuses DurationSeconds above the role maximum', async () => {
    const e = await web(idToken, { DurationSeconds: 7200 }).catch((x: unknown) => x);
    expect(e).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('refuses malformed and oversized session policies', async () => {
    await expect(web(idToken, { Policy: '{not json' })).rejects.toBeInstanceOf(MalformedPolicyDocumentException);
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo/' + 'x'.repeat(1800) }],
    });
    const e = await web(idToken, { Policy: big, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PackedPolicyTooLargeException);
    expect((e as Error).message).toMatch(/Packed policy consumes \d+% of allotted space/);
  });

  it('validates input server-side in AWS words, never echoing the token', async () => {
    const r = await rawPost({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: stack.roleArn,
      RoleSessionName: 'has space',
      WebIdentityToken: idToken,
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('<Code>ValidationError</Code>');
    expect(r.body).toContain(
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    const missing = await rawPost({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: stack.roleArn,
      RoleSessionName: 'ok',
      WebIdentityToken: 'abc',
    });
    expect(missing.body).toContain(
      "Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4",
    );
  });

  it('answers unknown and missing actions as STS does', async () => {
    expect((await rawPost({ Action: 'DeleteEverything' })).body).toContain('<Code>InvalidAction</Code>');
    expect((await rawPost({})).body).toContain('<Code>MissingAction</Code>');
  });
});

describe('signed calls', () => {
  it('refuses expired issued credentials with ExpiredToken', async () => {
    const creds = toAwsCredentials(await web());
    const saved = clock;
    clock += 2 * 3600_000;
    try {
      const e = await kit({ credentials: creds, now: () => clock })
        .getCallerIdentity()
        .catch((x: unknown) => x);
      expect(e).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
    } finally {
      clock = saved;
    }
  });

  it('refuses a wrong secret and an unknown key', async () => {
    const e1 = await kit({ credentials: { ...stack.userKeys, secretAccessKey: 'wrong' } })
      .getCallerIdentity()
      .catch((x: unknown) => x);
    expect((e1 as Error).name).toBe('SignatureDoesNotMatch');
    const e2 = await kit({ credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN12', secretAccessKey: 'x' } })
      .getCallerIdentity()
      .catch((x: unknown) => x);
    expect((e2 as Error).name).toBe('InvalidClientTokenId');
  });

  it('corrects clock skew: a server 20 minutes ahead is followed after one refusal', async () => {
    stack.faults.add({ service: 'sts', kind: 'skew', skewSeconds: 20 * 60 });
    try {
      const client = kit({ credentials: stack.userKeys });
      const out = await client.getCallerIdentity();
      expect(out.Arn).toBe('arn:aws:iam::123456789012:user/developer');
      expect(client.systemClockOffset).toBeGreaterThan(19 * 60_000);
    } finally {
      stack.faults.clear();
    }
  });
});

describe('faults', () => {
  it.each(['status', 'throttling', 'idp-communication', 'html', 'empty', 'truncated', 'malformed', 'drop'] as const)(
    'recovers from one %s fault by retrying',
    async (kind) => {
      stack.faults.clear();
      stack.faults.add({ service: 'sts', action: 'AssumeRoleWithWebIdentity', kind, status: kind === 'status' ? 503 : undefined });
      const before = stack.log.count('sts', 'AssumeRoleWithWebIdentity');
      const out = await web();
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(out.$metadata.attempts).toBe(2);
      expect(stack.log.count('sts', 'AssumeRoleWithWebIdentity') - before).toBe(2);
    },
  );

  it('reports a fault that persists with a typed error', async () => {
    stack.faults.clear();
    stack.faults.add({ service: 'sts', kind: 'html', times: Infinity });
    try {
      const e = await web().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StsServiceException);
      expect((e as Error).message).toMatch(/HTTP 502.*502 Bad Gateway/);
      expect(e).toMatchObject({ $metadata: { attempts: 3 } });
    } finally {
      stack.faults.clear();
    }
  });

  it('accepts faults and settings through the control endpoint', async () => {
    const res = await fetch(`${stack.sts}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 'sts', kind: 'throttling' }),
    });
    expect(res.status).toBe(200);
    const pending = async (): Promise<unknown> => (await fetch(`${stack.sts}/__control/faults`)).json();
    expect(await pending()).toEqual([{ service: 'sts', kind: 'throttling' }]);
    const out = await web();
    // Fired once, so no longer pending: the demo's panel turns "Armed" into "Fired" on this.
    expect(await pending()).toEqual([]);
    expect(out.$metadata.attempts).toBe(2);
    const log = (await (await fetch(`${stack.sts}/__control/log`)).json()) as { fault?: string }[];
    expect(log.some((e) => e.fault === 'throttling')).toBe(true);
  });
});

describe('robustness', () => {
  it('answers CORS preflights for loopback origins and refuses others', async () => {
    const ok = await fetch(stack.sts, {
      method: 'OPTIONS',
      headers: {
        origin: APP.slice(0, -1),
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-amz-date',
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP.slice(0, -1));
    const no = await fetch(stack.sts, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(no.status).toBe(403);
  });

  it('exposes Date and the request id to cross-origin scripts, on answers and errors alike', async () => {
    // The kit reads Date to correct clock skew; a browser hides it unless Expose-Headers names it.
    const post = (params: Record<string, string>) =>
      fetch(stack.sts, {
        method: 'POST',
        headers: { origin: APP.slice(0, -1), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
      });
    const ok = await post({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: stack.roleArn,
      RoleSessionName: 'cors-check',
      WebIdentityToken: idToken,
    });
    const bad = await post({ Action: 'NoSuchAction' });
    expect([ok.status, bad.status]).toEqual([200, 400]);
    for (const res of [ok, bad]) {
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
      expect(exposed).toEqual(expect.arrayContaining(['date', 'x-amzn-requestid', 'x-amzn-errortype', 'x-amzn-errormessage']));
      expect(res.headers.get('date')).toBeTruthy();
      await res.text();
    }
  });

  it('survives a thousand malformed requests and keeps serving', async () => {
    const junk = [
      '',
      '%',
      '%%zz',
      'Action=',
      'Action=AssumeRoleWithWebIdentity',
      '&&&===',
      'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&DurationSeconds=abc',
      '\u0000\u0001\u0002',
      '<xml/>',
    ];
    let i = 0;
    for (; i < 1000; i++) {
      const body = junk[i % junk.length] + (i % 7 === 0 ? '&' + 'x'.repeat(i) : '');
      const res = await fetch(stack.sts, {
        method: i % 5 === 0 ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      const text = await res.text();
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(text).toMatch(/<ErrorResponse/);
    }
    expect(i).toBe(1000);
    await expect(web()).resolves.toHaveProperty('Credentials');
  });

  it('keeps secrets out of its request log', () => {
    const text = JSON.stringify(stack.log.entries);
    expect(text).not.toContain(idToken.split('.')[2]);
    for (const c of stack.credentials.all()) {
      expect(text).not.toContain(c.secretAccessKey);
      if (c.sessionToken) expect(text).not.toContain(c.sessionToken);
    }
  });
});
