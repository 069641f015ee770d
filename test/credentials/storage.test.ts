// sessionStorage is readable and writable by any script of the origin: a record is adopted on
// reload only when it looks like what STS issued, and no delay overflows a timer (issue 17, item 9).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialSession } from '../../src/credentials/index';
import { MAX_TIMER_DELAY_MS } from '../../src/credentials/timer';
import { createFakeTokenSource, createStsStub, createTestClock } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const KEY = `web-identity-kit:${ROLE}`;
const HOUR = 3_600_000;

const page = globalThis as { sessionStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> };
let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  page.sessionStorage = {
    getItem: (k) => store.get(k) ?? null,
    setItem: (k, v) => void store.set(k, v),
    removeItem: (k) => void store.delete(k),
  };
});
afterEach(() => {
  delete page.sessionStorage;
});

/** A reload: a new session over what is stored, its timer delays recorded. */
function reload() {
  const clock = createTestClock();
  const stub = createStsStub({ now: clock.now });
  const delays: number[] = [];
  const timers = {
    setTimeout: (f: () => void, ms: number) => (delays.push(ms), clock.setTimeout(f, ms)),
    clearTimeout: clock.clearTimeout,
  };
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: createFakeTokenSource({ now: clock.now }),
    sts: { region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 },
    storage: 'sessionStorage',
    now: clock.now,
    timers,
    random: () => 0,
    tabs: false,
  });
  return { clock, session, delays, calls: () => stub.calls('AssumeRoleWithWebIdentity').length };
}

const now = createTestClock().now();
const good = {
  accessKeyId: 'ASIAPLANTEDPLANTED12',
  secretAccessKey: 'planted-secret',
  sessionToken: 'planted-token',
  expiration: now + HOUR,
  lifetime: HOUR,
  identity: { subject: 'user-1', assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/user-1' },
};

describe('a stored record on reload', () => {
  it('is adopted when it looks like what STS issued', async () => {
    store.set(KEY, JSON.stringify(good));
    const { session, calls } = reload();
    expect((await session.getCredentials()).accessKeyId).toBe(good.accessKeyId);
    expect(calls()).toBe(0);
  });

  it.each([
    ['a one-year expiry', { expiration: now + 365 * 24 * HOUR }],
    ['an expiry past the 12-hour STS maximum', { expiration: now + 13 * HOUR }],
    ['an expiry in the past', { expiration: now - 1 }],
    ['a string expiry', { expiration: String(now + HOUR) }],
    ['an access key id that is not one', { accessKeyId: '<img src=x onerror=alert(1)>' }],
    ['a short access key id', { accessKeyId: 'ASIA' }],
    ['an empty secret', { secretAccessKey: '' }],
    ['a secret with a line break (it would end up in a header)', { secretAccessKey: 'planted\nsecret' }],
    ['a session token with a space', { sessionToken: 'planted token' }],
    ['a session token that is not a string', { sessionToken: { toString: 1 } }],
    ['no lifetime', { lifetime: undefined }],
    ['a one-year lifetime', { lifetime: 365 * 24 * HOUR }],
    ['an identity that is not an object', { identity: 'user-1' }],
    ['an identity field that is not a string', { identity: { subject: ['user-1'] } }],
  ])('is discarded with %s, and STS is asked instead', async (_, change) => {
    store.set(KEY, JSON.stringify({ ...good, ...change }));
    const { session, calls, delays } = reload();
    const c = await session.getCredentials();
    expect(c.accessKeyId).not.toBe(good.accessKeyId);
    expect(calls()).toBe(1);
    expect((JSON.parse(store.get(KEY)!) as { accessKeyId: string }).accessKeyId).toBe(c.accessKeyId);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('is discarded when it is not JSON at all', async () => {
    store.set(KEY, '{not json');
    const { session, calls } = reload();
    await session.getCredentials();
    expect(calls()).toBe(1);
  });
});
