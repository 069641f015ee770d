// Secrets never reach an error message, a hint, String(error), JSON of an error or a log line:
// every error path is driven with secret-bearing inputs, and the whole text is searched.
import { describe, expect, it } from 'vitest';
import { StsClient, type Logger } from '../../src/sts/index';
import { createStsStub, stubError, stubNetworkFailure, stubRaw } from '../../src/testing/index';
import { startServer } from '../helpers/http-server';
import { rejectionOf } from '../helpers/rejection';

const SECRETS = {
  token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.SECRET-SIGNATURE-of-the-id-token',
  saml: 'PHNhbWxwOlJlc3BvbnNlIFNFQ1JFVC1TQU1MLUFTU0VSVElPTj4=',
  secretKey: 'SECRETwJalrXUtnFEMIK7MDENGbPxRfiCYSECRET',
  sessionToken: 'SECRET-SESSION-TOKEN-FwoGZXIvYXdzEXAMPLE',
  tokenCode: '987654',
  tradeIn: 'SECRET-TRADE-IN-TOKEN-value',
};
const ALL = Object.values(SECRETS);

function expectNoSecret(where: string, text: string) {
  for (const s of ALL) expect(text, `${where} leaks a secret`).not.toContain(s);
}

/** The kit's errors carry a hint (its type is checked at run time below). */
type ErrorWithHint = Error & { hint?: string };

function textsOf(e: ErrorWithHint): string[] {
  return [String(e), e.message, e.hint ?? '', e.stack ?? '', JSON.stringify(e), String(e.cause)];
}

function logCollector(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (...a: unknown[]) => lines.push(a.map(String).join(' '));
  return { logger: { debug: log, info: log, warn: log, error: log }, lines };
}

const ROLE = 'arn:aws:iam::123456789012:role/web';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRETS.secretKey, sessionToken: SECRETS.sessionToken };

/** Every call shape that carries a secret, each made to fail. */
const CALLS: [string, string, (c: StsClient) => Promise<unknown>][] = [
  [
    'AssumeRoleWithWebIdentity',
    SECRETS.token,
    (c) => c.assumeRoleWithWebIdentity({ RoleArn: ROLE, RoleSessionName: 'alice', WebIdentityToken: SECRETS.token }),
  ],
  [
    'AssumeRoleWithSAML',
    SECRETS.saml,
    (c) =>
      c.assumeRoleWithSAML({ RoleArn: ROLE, PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/idp', SAMLAssertion: SECRETS.saml }),
  ],
  [
    'GetSessionToken',
    SECRETS.tokenCode,
    (c) => c.getSessionToken({ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: SECRETS.tokenCode }),
  ],
  ['GetDelegatedAccessToken', SECRETS.tradeIn, (c) => c.getDelegatedAccessToken({ TradeInToken: SECRETS.tradeIn })],
];

const EXPIRATION = new Date('2030-01-01T00:00:00Z');
/** A success answer of the call whose Credentials hold the echoed secret but lack a member. */
const incomplete = (echo: string, gone: 'SessionToken' | 'SecretAccessKey') => ({
  Credentials: {
    AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
    SecretAccessKey: echo,
    SessionToken: echo,
    Expiration: EXPIRATION,
    [gone]: undefined,
  },
});
/** Whole Credentials holding the secret, with an Expiration no Date can hold. */
const unreadableExpiration = (name: string, echo: string) =>
  stubRaw(
    200,
    `<${name}Response><${name}Result><Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE12</AccessKeyId>` +
      `<SecretAccessKey>${echo}</SecretAccessKey><SessionToken>${echo}</SessionToken>` +
      `<Expiration>100000000000000000000</Expiration></Credentials></${name}Result></${name}Response>`,
  );

/** Answers that make each call fail, many of them echoing what was sent (as a careless proxy might). */
const FAILURES = (echo: string, name: string) => [
  stubError('InvalidIdentityToken', `Token ${echo} is invalid`),
  // Issue 17: codes named like Object.prototype members were looked up through the prototype.
  stubError('constructor', `Token ${echo} is invalid`),
  stubError('toString', `Token ${echo} is invalid`),
  stubError('__proto__', `Token ${echo} is invalid`),
  stubError('hasOwnProperty', `Token ${echo} is invalid`),
  // Issue 17: incomplete Credentials resolved; they are refused now, and must not be quoted.
  incomplete(echo, 'SessionToken'),
  incomplete(echo, 'SecretAccessKey'),
  unreadableExpiration(name, echo),
  stubError('AccessDenied', `Denied for ${echo}`, { status: 403 }),
  stubError('InternalFailure', 'oops', { status: 500 }),
  stubRaw(400, `<html><body>Bad request: ${echo}</body></html>`),
  stubRaw(200, `<AssumeRoleWithWebIdentityResponse>${echo}`),
  stubRaw(502, ''),
  stubNetworkFailure(),
];

describe('secrets stay out of errors and logs', () => {
  for (const [name, own, call] of CALLS) {
    it(`${name}: service errors, broken bodies and network failures`, async () => {
      // What a careless proxy or IdP could echo back: what was sent, this request's secret and the
      // session token. (The secret key is never sent; the test below checks that.)
      const unsigned = name === 'AssumeRoleWithWebIdentity' || name === 'AssumeRoleWithSAML';
      for (const echoed of unsigned ? [own] : [own, SECRETS.sessionToken]) {
        for (const failure of FAILURES(echoed, name)) {
          const stub = createStsStub().respond(name, failure);
          const { logger, lines } = logCollector();
          const client = new StsClient({
            region: 'eu-west-1',
            fetch: stub.fetch,
            credentials,
            logger,
            maxAttempts: 2,
            retryDelay: () => 0,
          });
          const e: ErrorWithHint = await rejectionOf(call(client), Error);
          expect(e.name).not.toBe('Error');
          expect(['string', 'undefined'], `hint of ${e.name}`).toContain(typeof e.hint);
          for (const t of textsOf(e)) expectNoSecret(`${name} / ${e.name}`, t);
          for (const l of lines) expectNoSecret(`${name} log`, l);
          expect(JSON.stringify(stub.requests)).not.toContain(SECRETS.secretKey);
        }
      }
    });
  }

  it('validation errors on sensitive members never quote them', async () => {
    const client = new StsClient({ region: 'eu-west-1', fetch: createStsStub().fetch, credentials });
    const bad = [
      () => client.assumeRoleWithWebIdentity({ RoleArn: ROLE, RoleSessionName: 'alice', WebIdentityToken: SECRETS.token.repeat(400) }),
      () => client.assumeRoleWithWebIdentity({ RoleArn: ROLE, RoleSessionName: 'x', WebIdentityToken: SECRETS.token }),
      () => client.assumeRoleWithSAML({ RoleArn: ROLE, PrincipalArn: 'short', SAMLAssertion: SECRETS.saml }),
      () => client.getSessionToken({ TokenCode: SECRETS.tokenCode + 'a' }),
      () => client.getSessionToken({ TokenCode: 'SECRET' + SECRETS.tokenCode }),
    ];
    for (const call of bad) {
      const e = await rejectionOf(call(), Error);
      expect(e.name).toBe('StsValidationError');
      for (const t of textsOf(e)) expectNoSecret('validation', t);
    }
  });

  it('timeouts, dropped connections and clock-skew retries log no secret', async () => {
    const silent = await startServer(() => {});
    const dropping = await startServer((req) => req.socket.destroy());
    for (const url of [silent.url, dropping.url]) {
      const { logger, lines } = logCollector();
      const client = new StsClient({
        endpoint: url,
        region: 'us-east-1',
        credentials,
        logger,
        requestTimeoutMs: 30,
        maxAttempts: 2,
        retryDelay: () => 0,
      });
      for (const call of CALLS.map(([, , c]) => c)) {
        const e = await rejectionOf(call(client), Error);
        for (const t of textsOf(e)) expectNoSecret('transport', t);
      }
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expectNoSecret('transport log', l);
    }
  });

  it('a failing credentials provider does not leak what it held', async () => {
    const client = new StsClient({
      region: 'eu-west-1',
      fetch: createStsStub().fetch,
      credentials: () => Promise.reject(new Error('no session')),
    });
    const e = await rejectionOf(client.getCallerIdentity(), Error);
    expect(e.name).toBe('CredentialsProviderError');
    for (const t of textsOf(e)) expectNoSecret('provider', t);
  });
});
