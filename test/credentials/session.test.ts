// The credential session under a test clock: time moves only when a test advances it.
import { describe, expect, it, vi } from 'vitest';
import { createCredentialSession, SignInRequiredError, type CredentialSessionOptions } from '../../src/credentials/index';
import {
  createFakeTokenSource,
  createStsStub,
  createTestClock,
  stubDefault,
  stubError,
  stubNetworkFailure,
  type StubbedRequest,
} from '../../src/testing/index';
import { rejectionOf } from '../helpers/rejection';
import { tabWorld } from './tab-world';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const MIN = 60_000;

/** The expiry of the ID token a request sent to STS, in milliseconds. */
function sentTokenExpiry(request: StubbedRequest): number {
  const token: unknown = request.input.WebIdentityToken;
  if (typeof token !== 'string') throw new Error('the request sent no WebIdentityToken');
  return (JSON.parse(atob(token.split('.')[1])) as { exp: number }).exp * 1000;
}

function setup(more: Partial<CredentialSessionOptions> = {}, stubNow?: () => number) {
  const clock = createTestClock();
  const stub = createStsStub({ now: stubNow ?? clock.now });
  const tokens = createFakeTokenSource({ now: more.now ?? clock.now });
  const logs: string[] = [];
  const log = (...a: unknown[]) => logs.push(a.join(' '));
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: tokens,
    sts: { region: 'us-east-1', fetch: stub.fetch, retryDelay: () => 0, maxAttempts: 1 },
    now: clock.now,
    timers: clock,
    random: () => 0,
    tabs: false,
    logger: { debug: log, info: log, warn: log, error: log },
    ...more,
  });
  const calls = () => stub.calls('AssumeRoleWithWebIdentity').length;
  return { clock, stub, tokens, session, calls, logs };
}

describe('single flight', () => {
  it('makes one STS call for 1,000 concurrent callers', async () => {
    const { session, calls } = setup();
    const all = await Promise.all(Array.from({ length: 1000 }, () => session.getCredentials()));
    expect(calls()).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(session.getSnapshot().status).toBe('ready');
  });
});

describe('refresh ahead', () => {
  it('serves current credentials at once in the advisory window and refreshes once in the background', async () => {
    const clock = createTestClock();
    let slept = 0; // time that passes without timers firing, as in a throttled tab
    const { session, calls } = setup({ now: () => clock.now() + slept, timers: clock });
    const first = await session.getCredentials();
    slept = 56 * MIN; // 4 minutes left: inside the 5-minute advisory window
    const during = await Promise.all([session.getCredentials(), session.getCredentials()]);
    expect(during.map((c) => c.accessKeyId)).toEqual([first.accessKeyId, first.accessKeyId]);
    await clock.advance(0);
    expect(calls()).toBe(2);
    expect((await session.getCredentials()).accessKeyId).not.toBe(first.accessKeyId);
  });

  it('makes callers wait inside the mandatory window', async () => {
    const { clock, session, calls } = setup({ refreshWindows: { advisorySeconds: 0 } });
    const first = await session.getCredentials();
    await clock.advance(59.5 * MIN); // 30 s left: inside the 60-second mandatory window
    const next = await session.getCredentials();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    expect(calls()).toBe(2);
  });

  it('refreshes on its own timer, 12 STS calls for 12 hours of 1-hour credentials', async () => {
    const { clock, session, calls } = setup();
    await session.getCredentials();
    let waited = 0;
    for (let s = 0; s < 12 * 3600; s += 60) {
      await clock.advance(60_000);
      const t = session.getCredentials();
      // A caller that waits shows as a refresh started by the call itself.
      const before = calls();
      await t;
      if (calls() > before) waited++;
    }
    // The first call, then one each time 5 minutes are left: every 55 minutes, 13 times in 12 hours.
    expect(calls()).toBe(1 + Math.floor((12 * 60) / 55));
    expect(waited).toBe(0);
  });
});

describe('the background timer', () => {
  it('refreshes an idle session on its own, before anyone has to wait', async () => {
    const { clock, session, calls } = setup({ random: () => 0.5 });
    await session.getCredentials();
    await clock.advance(55 * MIN); // nobody asks; the timer fires at 60 min - 5 min - 15 s of jitter
    expect(calls()).toBe(2);
    const left = session.getSnapshot().expiresAt!.getTime() - clock.now();
    expect(left).toBeGreaterThan(59 * MIN);
  });
});

describe('static stability', () => {
  it('keeps serving valid credentials when a refresh fails, records it, retries with backoff', async () => {
    const { clock, stub, session, calls } = setup();
    const first = await session.getCredentials();
    stub.respond('AssumeRoleWithWebIdentity', stubError('InternalFailure', 'down', { status: 500 }));
    await clock.advance(55 * MIN + 1);
    expect(session.getSnapshot()).toMatchObject({ status: 'ready', lastRefreshError: { name: 'InternalFailure' } });
    expect((await session.getCredentials()).accessKeyId).toBe(first.accessKeyId);
    const failed = calls();
    stub.reset();
    await clock.advance(2000); // the first retry comes after about 1 s
    expect(calls()).toBeGreaterThan(0);
    expect(session.getSnapshot().lastRefreshError).toBeUndefined();
    expect((await session.getCredentials()).accessKeyId).not.toBe(first.accessKeyId);
    expect(failed).toBeGreaterThanOrEqual(2);
  });

  it('never hands out credentials past their expiry', async () => {
    const { clock, stub, session } = setup();
    await session.getCredentials();
    stub.respond('AssumeRoleWithWebIdentity', stubNetworkFailure());
    await clock.advance(61 * MIN);
    await expect(session.getCredentials()).rejects.toMatchObject({ name: 'StsNetworkError' });
    expect(session.getSnapshot().status).toBe('error');
    expect(session.getSnapshot().credentials).toBeUndefined();
  });

  it('judges expiry on the server clock learnt from the Date header', async () => {
    // STS's clock runs 10 minutes ahead of this machine's, and so do the expiries it sends.
    const clock = createTestClock();
    const { session, calls } = setup({ now: clock.now, timers: clock }, () => clock.now() + 10 * MIN);
    await session.getCredentials();
    // The credentials expire 60 minutes later on STS's clock, 70 on this machine's: judged on
    // STS's clock the refresh comes 55 local minutes later, not 65.
    await clock.advance(56 * MIN);
    expect(calls()).toBe(2);
  });
});

describe('the ID token', () => {
  it('renews an expired ID token before calling STS', async () => {
    const { clock, tokens, session, stub } = setup();
    tokens.lifetimeSeconds = 300;
    const start = clock.now();
    await session.getCredentials();
    await clock.advance(56 * MIN); // the refresh at 55 minutes finds the 5-minute token expired
    const sent = stub.calls('AssumeRoleWithWebIdentity').map(sentTokenExpiry);
    expect(tokens.renewals).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBeGreaterThan(start + 55 * MIN);
  });

  it.each([
    ['ExpiredTokenException', 'Token expired'],
    ['IDPRejectedClaim', 'rejected'],
    ['InvalidIdentityToken', 'Incorrect token audience'],
  ])('renews once and retries when STS answers %s', async (code, message) => {
    const { stub, tokens, session, calls } = setup();
    stub.respond('AssumeRoleWithWebIdentity', stubError(code, message), stubDefault());
    const c = await session.getCredentials();
    expect(c.accessKeyId).toMatch(/^ASIA/);
    expect(tokens.renewals).toBe(1);
    expect(calls()).toBe(2);
  });

  it('signs out with SignInRequiredError when STS refuses the renewed token too', async () => {
    const { stub, session } = setup();
    stub.respond('AssumeRoleWithWebIdentity', stubError('ExpiredTokenException', 'Token expired'));
    const e = await rejectionOf(session.getCredentials(), SignInRequiredError);
    expect(e.reason).toBe('token-rejected');
    expect(session.getSnapshot()).toMatchObject({ status: 'signed-out', error: e });
  });

  it('signs out when renewal fails', async () => {
    const { clock, tokens, session } = setup();
    tokens.lifetimeSeconds = 60;
    await session.getCredentials();
    tokens.renewError = new Error('login_required');
    await clock.advance(70 * MIN);
    const e = await rejectionOf(session.getCredentials(), SignInRequiredError);
    expect(e).toMatchObject({ name: 'SignInRequiredError', reason: 'renewal-failed' });
    expect(session.getSnapshot().status).toBe('signed-out');
  });

  it('says signed-out when nobody is signed in, without calling STS', async () => {
    const { tokens, session, calls } = setup();
    tokens.user = null;
    await expect(session.getCredentials()).rejects.toMatchObject({ name: 'SignInRequiredError', reason: 'signed-out' });
    expect(calls()).toBe(0);
  });

  it('drops the old user\u2019s credentials at once when another user signs in', async () => {
    const { tokens, session, stub } = setup();
    await session.getCredentials();
    const seen: (string | undefined)[] = [];
    session.subscribe(() => seen.push(session.getSnapshot().identity?.subject ?? session.getSnapshot().status));
    tokens.user = 'user-2';
    tokens.changed();
    await new Promise((r) => setTimeout(r, 10));
    expect(session.getSnapshot().identity?.subject).toBe('user-2');
    expect(seen).toContain('loading'); // the moment in between, with no credentials
    expect(stub.calls('AssumeRoleWithWebIdentity').at(-1)!.input.RoleSessionName).toBe('user-2');
  });

  it('names the session after a sanitised sub, or as told', async () => {
    const a = setup();
    a.tokens.user = 'auth0|5f0c8c1e a/b';
    await a.session.getCredentials();
    expect(a.stub.requests[0].input.RoleSessionName).toBe('auth0-5f0c8c1e-a-b');
    const b = setup({ roleSessionName: (claims) => `app-${claims.sub}` });
    await b.session.getCredentials();
    expect(b.stub.requests[0].input.RoleSessionName).toBe('app-user-1');
  });
});

describe('tabs', () => {
  function twoTabs() {
    const { clock, stub, make } = tabWorld();
    return { clock, stub, a: make(), b: make() };
  }

  it('makes one STS call for two tabs asking at once, and the other tab takes its result', async () => {
    const { stub, a, b } = twoTabs();
    const [ca, cb] = await Promise.all([a.getCredentials(), b.getCredentials()]);
    expect(stub.calls('AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(cb.accessKeyId).toBe(ca.accessKeyId);
  });

  it('shares each timed refresh: one STS call per refresh in total', async () => {
    const { clock, stub, a, b } = twoTabs();
    await a.getCredentials();
    await b.getCredentials();
    await clock.advance(3 * 3600_000);
    expect(stub.calls('AssumeRoleWithWebIdentity')).toHaveLength(4);
    expect((await a.getCredentials()).accessKeyId).toBe((await b.getCredentials()).accessKeyId);
  });

  it('signs every tab out when one signs out', async () => {
    const { a, b } = twoTabs();
    await a.getCredentials();
    await b.getCredentials();
    await a.signOut();
    await new Promise((r) => setTimeout(r, 5));
    expect(b.getSnapshot().status).toBe('signed-out');
    expect(b.getSnapshot().credentials).toBeUndefined();
  });
});

describe('snapshots, storage, secrets', () => {
  it('keeps the same snapshot until something changes, and notifies subscribers', async () => {
    const { session } = setup();
    const s0 = session.getSnapshot();
    expect(session.getSnapshot()).toBe(s0);
    let n = 0;
    const off = session.subscribe(() => n++);
    await session.getCredentials();
    expect(n).toBeGreaterThan(0);
    const s1 = session.getSnapshot();
    await session.getCredentials();
    expect(session.getSnapshot()).toBe(s1);
    off();
  });

  it('never shows a secret in string forms, JSON or logs', async () => {
    const { session, logs } = setup();
    const c = await session.getCredentials();
    const snapshot = session.getSnapshot();
    const { inspect } = await import('node:util');
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- snapshot.ts defines a toString the types do not declare; this checks it
    for (const text of [String(snapshot), JSON.stringify(snapshot), String(c), JSON.stringify(c), inspect(snapshot), inspect(c), ...logs]) {
      expect(text).not.toContain(c.secretAccessKey);
      expect(text).not.toContain(c.sessionToken);
    }
    expect(JSON.stringify(snapshot)).toContain(c.accessKeyId);
    expect(c.secretAccessKey).toHaveLength(40); // the secret is there for the SDK to use
  });

  it('keeps credentials in memory by default and in sessionStorage only when asked', async () => {
    const store = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
      removeItem: (k: string) => store.delete(k),
    });
    try {
      await setup().session.getCredentials();
      expect(store.size).toBe(0);
      const { session, clock } = setup({ storage: 'sessionStorage' });
      const c = await session.getCredentials();
      expect(store.size).toBe(1);
      // A reload of the tab: a new session finds them without calling STS.
      const again = setup({ storage: 'sessionStorage', now: clock.now, timers: clock });
      expect((await again.session.getCredentials()).accessKeyId).toBe(c.accessKeyId);
      expect(again.calls()).toBe(0);
      await again.session.signOut();
      expect(store.size).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses localStorage with a reason', () => {
    // Deliberately outside the type: the runtime check is what is tested.
    const storage = 'localStorage' as unknown as CredentialSessionOptions['storage'];
    expect(() => setup({ storage })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/outlive the tab/) as unknown }));
  });

  it('refuses use after dispose', async () => {
    const { session } = setup();
    session.dispose();
    await expect(session.getCredentials()).rejects.toMatchObject({ name: 'SessionDisposedError' });
  });
});

describe('the page', () => {
  it('refreshes when a tab that slept past the advisory window becomes visible', async () => {
    const listeners = new Map<string, () => void>();
    const doc = {
      visibilityState: 'hidden',
      addEventListener: (t: string, l: () => void) => listeners.set(t, l),
      removeEventListener: () => {},
    };
    vi.stubGlobal('document', doc);
    try {
      const clock = createTestClock();
      let slept = 0;
      const { session, calls } = setup({ now: () => clock.now() + slept, timers: clock });
      await session.getCredentials();
      // Timers in hidden tabs may not fire: time passes without them.
      slept = 58 * MIN;
      doc.visibilityState = 'visible';
      listeners.get('visibilitychange')!();
      await new Promise((r) => setTimeout(r, 10));
      expect(calls()).toBe(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('short-lived credentials', () => {
  it('scales the windows down, so two-minute credentials refresh about every 1.5 minutes, not constantly', async () => {
    const clock = createTestClock();
    const stub = createStsStub({ now: clock.now, credentialsLifetimeSeconds: 120 });
    const session = createCredentialSession({
      roleArn: ROLE,
      tokenSource: createFakeTokenSource({ now: clock.now }),
      sts: { region: 'us-east-1', fetch: stub.fetch },
      now: clock.now,
      timers: clock,
      random: () => 0,
      tabs: false,
    });
    await session.getCredentials();
    await clock.advance(10 * MIN);
    const calls = stub.calls('AssumeRoleWithWebIdentity').length;
    // Advisory window 300 s x 120/1200 = 30 s: a refresh every 90 s, 7 in 10 minutes, plus the first.
    expect(calls).toBe(1 + Math.floor(600 / 90));
  });
});

describe('sign-out during a refresh', () => {
  it('does not let credentials that arrive after the sign-out bring the user back', async () => {
    const clock = createTestClock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stub = createStsStub({ now: clock.now });
    const slowFetch: typeof stub.fetch = async (url, init) => {
      await gate;
      return stub.fetch(url, init);
    };
    const session = createCredentialSession({
      roleArn: ROLE,
      tokenSource: createFakeTokenSource({ now: clock.now }),
      sts: { region: 'us-east-1', fetch: slowFetch },
      now: clock.now,
      timers: clock,
      tabs: false,
    });
    const pending = session.getCredentials();
    await new Promise((r) => setTimeout(r, 0));
    await session.signOut();
    release();
    await expect(pending).rejects.toMatchObject({ name: 'SignInRequiredError', reason: 'signed-out' });
    expect(session.getSnapshot()).toMatchObject({ status: 'signed-out' });
    expect(session.getSnapshot().credentials).toBeUndefined();
  });
});

describe('tabs with short credentials, and a tab with no user of its own', () => {
  function tabs(lifetime: number, userB: string | null) {
    const { clock, stub, make } = tabWorld({ lifetimeSeconds: lifetime });
    return { clock, stub, a: make({ user: 'user-1' }), makeB: () => make({ user: userB }) };
  }
  const calls = (stub: ReturnType<typeof createStsStub>) => stub.calls('AssumeRoleWithWebIdentity').length;

  it('a tab opened later takes the other tab\u2019s two-minute credentials instead of calling STS', async () => {
    const { stub, a, makeB, clock } = tabs(120, 'user-1');
    const ca = await a.getCredentials();
    await clock.advance(5_000);
    const b = makeB();
    expect((await b.getCredentials()).accessKeyId).toBe(ca.accessKeyId);
    expect(calls(stub)).toBe(1);
  });

  it('a tab with no signed-in user of its own runs on shared credentials, and another tab refreshes for it', async () => {
    const { stub, a, makeB, clock } = tabs(120, null);
    const ca = await a.getCredentials();
    const b = makeB();
    expect((await b.getCredentials()).accessKeyId).toBe(ca.accessKeyId);
    // B asks for a refresh itself (as the SDK does after ExpiredToken): A, which has the user, does it.
    const fresh = await b.refresh({ force: true });
    expect(fresh.accessKeyId).not.toBe(ca.accessKeyId);
    expect((await a.getCredentials()).accessKeyId).toBe(fresh.accessKeyId);
    expect(b.getSnapshot().status).toBe('ready');
    // And through several refresh periods, one STS call per refresh in all, B never signed out.
    const seen = new Set<string>();
    b.subscribe(() => seen.add(b.getSnapshot().status));
    await clock.advance(5 * 60_000);
    expect(seen.has('signed-out')).toBe(false);
    expect(calls(stub)).toBeLessThanOrEqual(2 + Math.ceil(300 / 90));
  });

  it('says signed-out at once when no tab has shared anything', async () => {
    const { makeB, clock } = tabs(3600, null);
    const b = makeB();
    const started = clock.now();
    // The test clock does not move by itself: a session that waited for peers would never settle.
    await expect(b.getCredentials()).rejects.toMatchObject({ reason: 'signed-out' });
    expect(clock.now()).toBe(started);
  });
});
