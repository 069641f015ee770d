// The two forms of the session's state: the snapshot shown to the world (no secret in any string
// form) and the record kept, shared with tabs and stored (plain data).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { guardCredentials, makeSnapshot, readySnapshot, recordOf, type CredentialsRecord } from '../../src/credentials/snapshot';

const HOUR = 3_600_000;
const record: CredentialsRecord = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'secret/key+value',
  sessionToken: 'session-token-value',
  expiration: Date.UTC(2030, 0, 1) + HOUR,
  lifetime: HOUR,
  identity: { subject: 'alice', assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/alice' },
};

/** Every string form a snapshot or credentials can take in a log or a devtools panel. */
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- snapshot.ts defines toString; the types do not declare it
const forms = (v: object) => [String(v), JSON.stringify(v), inspect(v)];

describe('readySnapshot', () => {
  it('shows the record\u2019s credentials, expiry and identity, with the account from the role ARN', () => {
    const s = readySnapshot(record);
    expect(s).toMatchObject({ status: 'ready', identity: record.identity, expiresAt: new Date(record.expiration) });
    expect(s.credentials).toMatchObject({
      accessKeyId: record.accessKeyId,
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
      accountId: '123456789012',
    });
    expect(Object.isFrozen(s) && Object.isFrozen(s.credentials)).toBe(true);
  });

  it('never shows a secret in a string form, of the snapshot or of its credentials', () => {
    const s = readySnapshot(record);
    for (const text of [...forms(s), ...forms(s.credentials!)]) {
      expect(text).not.toContain(record.secretAccessKey);
      expect(text).not.toContain(record.sessionToken);
    }
    expect(JSON.stringify(s)).toContain(record.accessKeyId);
  });

  it('has no account without a role ARN', () => {
    expect(readySnapshot({ ...record, identity: { subject: 'alice' } }).credentials).not.toHaveProperty('accountId');
  });
});

describe('recordOf', () => {
  it('is the record back from what a snapshot holds: a round trip through JSON changes nothing', () => {
    const back = recordOf(readySnapshot(record).credentials!, record.identity, record.lifetime);
    expect(back).toEqual(record);
    expect(JSON.parse(JSON.stringify(back))).toEqual(record);
  });
});

describe('makeSnapshot and guardCredentials', () => {
  it('keep the fields and add nothing enumerable', () => {
    const s = makeSnapshot({ status: 'error', error: new Error('down') });
    expect(Object.keys(s)).toEqual(['status', 'error']);
    const c = guardCredentials({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration: new Date(0) });
    expect(Object.keys(c)).toEqual(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- guardCredentials defines toString; the types do not declare it
    expect(String(c)).toBe('Credentials(A, expires 1970-01-01T00:00:00.000Z)');
  });
});
