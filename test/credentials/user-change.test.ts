// A user change while a refresh is in flight: the answer STS gives for the previous user is
// dropped and the new user gets their own credentials (issue 17, finding 2).
import { describe, expect, it } from 'vitest';
import { createCredentialSession } from '../../src/credentials/index';
import type { FetchLike } from '../../src/sts/config';
import { createFakeTokenSource, createStsStub, createTestClock } from '../../src/testing/index';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A session whose first STS answer waits until the test releases it. */
function held() {
  const clock = createTestClock();
  const stub = createStsStub({ now: clock.now });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const fetch: FetchLike = async (url, init) => {
    const answer = await stub.fetch(url, init);
    if (first) {
      first = false;
      await gate;
    }
    return answer;
  };
  const tokens = createFakeTokenSource({ now: clock.now });
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: tokens,
    sts: { region: 'us-east-1', fetch, maxAttempts: 1 },
    now: clock.now,
    timers: clock,
    random: () => 0,
    tabs: false,
  });
  const sessionNames = () => stub.calls('AssumeRoleWithWebIdentity').map((r) => String(r.input.RoleSessionName));
  return { session, tokens, release, sessionNames };
}

describe('a user change during a refresh', () => {
  it('drops the previous user\u2019s answer and fetches credentials for the new user', async () => {
    const { session, tokens, release, sessionNames } = held();
    const pending = session.getCredentials();
    await tick(); // user-1's exchange is at STS now
    expect(sessionNames()).toEqual(['user-1']);
    tokens.user = 'user-2';
    tokens.changed();
    await tick();
    release();
    const c = await pending;
    expect(sessionNames()).toEqual(['user-1', 'user-2']);
    expect(session.getSnapshot().identity?.subject).toBe('user-2');
    expect(session.getSnapshot().credentials?.accessKeyId).toBe(c.accessKeyId);
    expect(session.getSnapshot().identity?.assumedRoleArn).toMatch(/\/user-2$/);
    // Nothing later brings user-1 back.
    await tick();
    expect(session.getSnapshot().identity?.subject).toBe('user-2');
    expect(sessionNames()).toHaveLength(2);
  });

  it('keeps the answer when the change event was only the same user\u2019s token being renewed', async () => {
    const { session, tokens, release, sessionNames } = held();
    const pending = session.getCredentials();
    await tick();
    tokens.changed(); // e.g. oidc-client-ts's userLoaded after a silent renew
    await tick();
    release();
    await pending;
    await tick();
    expect(sessionNames()).toEqual(['user-1']);
    expect(session.getSnapshot().identity?.subject).toBe('user-1');
  });

  it('signs out when the user signed out while STS was answering', async () => {
    const { session, tokens, release } = held();
    const pending = session.getCredentials();
    await tick();
    tokens.user = null;
    tokens.changed();
    await tick();
    release();
    await expect(pending).rejects.toMatchObject({ name: 'SignInRequiredError', reason: 'signed-out' });
    await tick();
    expect(session.getSnapshot().status).toBe('signed-out');
    expect(session.getSnapshot().credentials).toBeUndefined();
  });
});
