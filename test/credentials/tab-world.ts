// One origin's tabs for the tests of tab sharing: simulated Web Locks, BroadcastChannel and
// freshness marker, one test clock, one STS stub on that clock, and a maker of sessions (tabs)
// that share them all.
import { createCredentialSession, type CredentialSessionOptions } from '../../src/credentials/index';
import { createFakeTokenSource, createStsStub, createTestClock, createTestTabs } from '../../src/testing/index';

export const ROLE = 'arn:aws:iam::123456789012:role/web';

/** What a tab's session is made with beyond the defaults: any option, and who is signed in there (default 'user-1'). */
export type TabOptions = Partial<CredentialSessionOptions> & { user?: string | null };

/** The tabs of one origin; `lifetimeSeconds` is how long STS's credentials last (default 3600). */
export function tabWorld(o: { lifetimeSeconds?: number } = {}) {
  const tabs = createTestTabs();
  const clock = createTestClock();
  const stub = createStsStub({ now: clock.now, credentialsLifetimeSeconds: o.lifetimeSeconds });
  /** A new tab's session, on the shared clock, stub and channel. */
  const make = ({ user, ...more }: TabOptions = {}) =>
    createCredentialSession({
      roleArn: ROLE,
      tokenSource: createFakeTokenSource({ now: clock.now, user }),
      sts: { region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 },
      now: clock.now,
      timers: clock,
      random: () => 0,
      tabs: tabs.tab(),
      ...more,
    });
  /** How many times STS was asked for credentials, by every tab together. */
  const calls = () => stub.calls('AssumeRoleWithWebIdentity').length;
  /** The nonce the first credentials broadcast carried (what a stranger listening on the channel learns). */
  const nonce = () =>
    (tabs.messages.find((m) => (m as { type?: string })?.type === 'credentials') as { nonce?: string } | undefined)?.nonce;
  return { tabs, clock, stub, make, calls, nonce };
}

/** Lets queued channel deliveries, and the answers they cause, run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
}
