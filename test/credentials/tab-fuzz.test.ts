// Property tests (fast-check) over what arrives on the tabs' BroadcastChannel, which any script of
// the origin can post to:
// (a) from a stranger (no session nonce): any value, message-like or not, is taken without
//     throwing, never adopted, and never answered with a secret;
// (b) from a stranger that listened and knows the nonce: credentials broken in one place are
//     refused without throwing; unbroken ones are adopted, so (b) does not pass by refusing all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle, tabWorld } from './tab-world';

const RUNS = 2_000;
const HOUR = 3600_000;
const TYPES = ['credentials', 'signed-out', 'ask', 'hello', 'refresh-request'];

/** A signed-in session on a channel, with its first credentials and the nonce it broadcast them with. */
async function running() {
  const { tabs, clock, stub, make, nonce } = tabWorld();
  const session = make();
  const own = await session.getCredentials();
  return { tabs, clock, stub, session, own, name: tabs.names()[0], nonce: nonce() };
}

// ---- generators ---------------------------------------------------------------------------------

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const odd = fc.constantFrom<unknown>(
  undefined,
  null,
  NaN,
  Infinity,
  -Infinity,
  -0,
  '',
  0,
  true,
  [],
  {},
  new Date(0),
  new Uint8Array(2),
  new Map([[1, 2]]),
);
const anyValue = fc.oneof(fc.jsonValue(), odd);
/** A field: mostly plausible, sometimes anything. */
const field = (plausible: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: anyValue, weight: 1 });

const stateLike = fc.record(
  {
    accessKeyId: field(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 20)),
    secretAccessKey: field(chars(PRINTABLE, 1, 40)),
    sessionToken: field(chars(PRINTABLE, 1, 60)),
    expiration: field(fc.integer({ min: Date.UTC(2030, 0, 1), max: Date.UTC(2030, 0, 2) })),
    lifetime: field(fc.integer({ min: 1, max: 12 * HOUR })),
    identity: field(fc.record({ subject: field(fc.constant('user-1')), assumedRoleArn: field(fc.string()) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
/** Message-like values with any nonce but the session's (a 32-hex-digit guess never hits it). */
const strangerMessage = fc.oneof(
  anyValue,
  fc.record(
    {
      type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
      state: fc.oneof(stateLike, anyValue),
      nonce: fc.oneof(chars('0123456789abcdef', 32, 32), anyValue),
      force: anyValue,
    },
    { requiredKeys: [] },
  ),
);

/** Credentials an STS could have issued, usable now (more than the refresh window left). */
const validState = (now: number) =>
  fc
    .record({
      key: chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12, 124),
      secretAccessKey: chars(PRINTABLE, 1, 80),
      sessionToken: chars(PRINTABLE, 1, 400),
      left: fc.integer({ min: 6 * 60_000, max: 12 * HOUR }),
      extra: fc.integer({ min: 0, max: 12 * HOUR }),
    })
    .map(({ key, secretAccessKey, sessionToken, left, extra }) => ({
      accessKeyId: `ASIA${key}`,
      secretAccessKey,
      sessionToken,
      expiration: now + left,
      lifetime: Math.min(12 * HOUR, Math.max(20 * 60_000, left + extra)),
      identity: { subject: 'user-1', assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/web/user-1' },
    }));
type State = ReturnType<typeof validState> extends fc.Arbitrary<infer S> ? S : never;

/** One way to break an otherwise valid message; 'none' leaves it valid. */
const BREAKS: Record<string, (s: State, now: number) => unknown> = {
  none: (s) => s,
  'no identity': ({ identity: _, ...s }) => s,
  'identity null': (s) => ({ ...s, identity: null }),
  'identity a string': (s) => ({ ...s, identity: 'user-1' }),
  'subject a number': (s) => ({ ...s, identity: { ...s.identity, subject: 1 } }),
  'key too short': (s) => ({ ...s, accessKeyId: s.accessKeyId.slice(0, 15) }),
  'key too long': (s) => ({ ...s, accessKeyId: s.accessKeyId.padEnd(129, 'A') }),
  'key with a dash': (s) => ({ ...s, accessKeyId: `${s.accessKeyId.slice(0, 8)}-${s.accessKeyId.slice(8)}` }),
  'key a number': (s) => ({ ...s, accessKeyId: 1234567890123456 }),
  'no secret': ({ secretAccessKey: _, ...s }) => s,
  'empty secret': (s) => ({ ...s, secretAccessKey: '' }),
  'secret with a newline': (s) => ({ ...s, secretAccessKey: `${s.secretAccessKey}\n` }),
  'empty token': (s) => ({ ...s, sessionToken: '' }),
  'token an object': (s) => ({ ...s, sessionToken: { value: s.sessionToken } }),
  'no expiration': ({ expiration: _, ...s }) => s,
  'expiration NaN': (s) => ({ ...s, expiration: NaN }),
  'expiration a string': (s) => ({ ...s, expiration: new Date(s.expiration).toISOString() }),
  'expiration past 12 hours': (s, now) => ({ ...s, expiration: now + 13 * HOUR }),
  'lifetime zero': (s) => ({ ...s, lifetime: 0 }),
  'lifetime past 12 hours': (s) => ({ ...s, lifetime: 13 * HOUR }),
  'lifetime Infinity': (s) => ({ ...s, lifetime: Infinity }),
};

// ---- properties ---------------------------------------------------------------------------------

describe('BroadcastChannel messages (fuzz)', () => {
  it(`a stranger's values (${RUNS}) never throw, are never adopted, and never get a secret back`, async () => {
    const { tabs, session, own, name } = await running();
    await fc.assert(
      fc.asyncProperty(strangerMessage, async (m) => {
        const posted = tabs.messages.length;
        expect(() => tabs.inject(name, m)).not.toThrow();
        await settle();
        const c = session.getSnapshot().credentials;
        expect(c?.accessKeyId).toBe(own.accessKeyId);
        expect(c?.secretAccessKey).toBe(own.secretAccessKey);
        const answers = JSON.stringify(tabs.messages.slice(posted));
        expect(answers).not.toContain(own.secretAccessKey);
        expect(answers).not.toContain(own.sessionToken);
      }),
      { numRuns: RUNS },
    );
  });

  it(`credentials broken in one place (${RUNS}) are refused without throwing, even with the nonce`, async () => {
    const { tabs, clock, session, name, nonce } = await running();
    const now = clock.now();
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(validState(now), fc.constantFrom(...Object.keys(BREAKS)), async (state, broken) => {
        seen.add(broken);
        const before = session.getSnapshot().credentials!.accessKeyId;
        fc.pre(state.accessKeyId !== before);
        expect(() => tabs.inject(name, { type: 'credentials', state: BREAKS[broken](state, now), nonce })).not.toThrow();
        await settle();
        const after = session.getSnapshot().credentials!;
        expect({ broken, adopted: after.accessKeyId !== before }).toEqual({ broken, adopted: broken === 'none' });
        if (broken === 'none') expect(after.secretAccessKey).toBe(state.secretAccessKey);
      }),
      { numRuns: RUNS },
    );
    expect(seen.size).toBe(Object.keys(BREAKS).length);
  });
});
