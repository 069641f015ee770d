// Credentials STS just issued, as the session keeps them: for whom, and until a deadline on this
// device's clock (the lifetime STS granted, counted from their arrival).
import { describe, expect, it } from 'vitest';
import { describeIssued, issuedRecord } from '../../src/credentials/issued';
import { WebIdentityKitError } from '../../src/sts/errors';
import type { WebIdentityOutput } from '../../src/sts/web-identity';

const HOUR = 3_600_000;
const ARRIVED = Date.UTC(2030, 0, 1);

function answer(expiration: number, more: Partial<WebIdentityOutput> = {}): WebIdentityOutput {
  return {
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(expiration),
    },
    AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/web/alice', AssumedRoleId: 'AROAEXAMPLE:alice' },
    $metadata: {},
    ...more,
  };
}

describe('issuedRecord', () => {
  it('expires at arrival plus the lifetime granted, on this device\u2019s clock, whatever STS\u2019s clock says', () => {
    // This device is 2 hours ahead of STS, which said so: an hour is left.
    const r = issuedRecord({
      out: answer(ARRIVED - 2 * HOUR + HOUR),
      receivedAt: ARRIVED,
      serverReceivedAt: ARRIVED - 2 * HOUR,
      claims: {},
    });
    expect(r).toMatchObject({ expiration: ARRIVED + HOUR, lifetime: HOUR });
  });

  it('never counts more than was asked for, nor more than since the ID token was issued', () => {
    const asked = issuedRecord({
      out: answer(ARRIVED + HOUR),
      receivedAt: ARRIVED,
      serverReceivedAt: ARRIVED,
      requestedSeconds: 900,
      claims: {},
    });
    expect(asked.lifetime).toBe(900_000);
    const token = issuedRecord({
      out: answer(ARRIVED + HOUR),
      receivedAt: ARRIVED,
      serverReceivedAt: ARRIVED,
      claims: { iat: (ARRIVED + HOUR - 600_000) / 1000 },
    });
    expect(token.lifetime).toBe(600_000);
  });

  it('names who they are for: STS\u2019s word first, the ID token\u2019s claims where STS said nothing', () => {
    const fromClaims = issuedRecord({
      out: answer(ARRIVED + HOUR),
      receivedAt: ARRIVED,
      serverReceivedAt: ARRIVED,
      claims: { sub: 'alice', iss: 'https://idp' },
    });
    expect(fromClaims.identity).toEqual({
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/alice',
      assumedRoleId: 'AROAEXAMPLE:alice',
      subject: 'alice',
      provider: 'https://idp',
      audience: undefined,
      sourceIdentity: undefined,
    });
    const fromSts = issuedRecord({
      out: answer(ARRIVED + HOUR, { SubjectFromWebIdentityToken: 'sts-sub', Provider: 'idp', Audience: 'app' }),
      receivedAt: ARRIVED,
      serverReceivedAt: ARRIVED,
      claims: { sub: 'alice' },
    });
    expect(fromSts.identity).toMatchObject({ subject: 'sts-sub', provider: 'idp', audience: 'app' });
  });

  // The built-in client refuses such answers itself (check-credentials.ts); an app's own STS
  // caller may hand them on, and an Invalid Date would make the deadline NaN.
  it('refuses an answer without complete, valid credentials from an app’s own caller, naming members and the caller, never values', () => {
    const refused = (out: WebIdentityOutput) => {
      try {
        issuedRecord({ out, receivedAt: ARRIVED, serverReceivedAt: ARRIVED, claims: {} });
      } catch (e) {
        return e;
      }
      throw new Error('accepted');
    };
    const none = refused({ $metadata: {} }) as WebIdentityKitError;
    expect([none.name, none.message]).toEqual(['StsCredentialsMissingError', 'STS answered AssumeRoleWithWebIdentity without Credentials']);
    expect(none.hint).toMatch(/sts caller given to createCredentialSession/);
    const { Credentials } = answer(ARRIVED + HOUR);
    const partial = refused({ Credentials: { ...Credentials!, SessionToken: '', Expiration: new Date(NaN) }, $metadata: {} });
    expect(partial).toBeInstanceOf(WebIdentityKitError);
    expect((partial as Error).message).toBe(
      'STS answered AssumeRoleWithWebIdentity without Credentials.SessionToken, Credentials.Expiration (missing, empty or not a valid date)',
    );
    expect((partial as Error).message).not.toContain('secret');
  });
});

describe('describeIssued', () => {
  it('logs both expirations and the key id, never a secret', () => {
    const out = answer(ARRIVED + HOUR);
    const text = describeIssued(issuedRecord({ out, receivedAt: ARRIVED, serverReceivedAt: ARRIVED, claims: {} }), out);
    expect(text).toBe(
      "web-identity-kit: credentials ASIAEXAMPLEEXAMPLE01 for 3600 s, until 2030-01-01T01:00:00.000Z on this device's clock (STS says 2030-01-01T01:00:00.000Z)",
    );
  });
});
