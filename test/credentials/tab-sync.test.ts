// The tabs' BroadcastChannel is open to every script of the origin: what arrives there is input
// from anybody. A session answers and adopts only within its own session, refuses malformed
// messages without throwing, and sessions that would get different credentials never mix.
import { describe, expect, it } from 'vitest';
import { settle, tabWorld } from './tab-world';

const HOUR = 3600_000;

/** The tabs of one origin, and a stranger: another script of the origin that opens the session's channel by its name, listens and posts. */
function origin() {
  const world = tabWorld();
  const stranger = () => {
    const heard: unknown[] = [];
    const channel = world.tabs.tab().channel!(world.tabs.names()[0]);
    channel.addEventListener('message', (e) => heard.push(e.data));
    return { heard, post: (m: unknown) => channel.postMessage(m) };
  };
  return { ...world, stranger };
}

const holds = (m: unknown, ...secrets: string[]) => secrets.some((s) => JSON.stringify(m ?? null).includes(s));

describe('strangers on the channel', () => {
  it('get no secret back for an ask, a hello or a refresh request', async () => {
    const { make, stranger, calls } = origin();
    const a = make();
    const c = await a.getCredentials();
    const s = stranger();
    s.post({ type: 'ask' });
    s.post({ type: 'hello' });
    s.post({ type: 'ask', nonce: '0123456789abcdef0123456789abcdef' });
    s.post({ type: 'refresh-request', force: false });
    s.post({ type: 'refresh-request', force: true });
    await settle();
    expect(s.heard.filter((m) => holds(m, c.secretAccessKey, c.sessionToken))).toEqual([]);
    expect(calls()).toBe(1);
  });

  it('cannot sign the session out', async () => {
    const { make, stranger } = origin();
    const a = make();
    const c = await a.getCredentials();
    stranger().post({ type: 'signed-out' });
    await settle();
    expect(a.getSnapshot()).toMatchObject({ status: 'ready', credentials: { accessKeyId: c.accessKeyId } });
  });

  it('ignore forged, partial or malformed credentials messages without throwing; the session keeps its own', async () => {
    const { make, tabs, clock, nonce } = origin();
    const a = make();
    const c = await a.getCredentials();
    const forged = {
      accessKeyId: 'ASIAFORGEDFORGED0000',
      secretAccessKey: 'forged-secret',
      sessionToken: 'forged-token',
      expiration: clock.now() + HOUR,
      lifetime: HOUR,
      identity: { subject: 'user-1' },
    };
    const { identity: _, ...partial } = forged;
    // A stranger that listened knows the nonce: the messages' own checks must still hold.
    const known = nonce();
    const messages: unknown[] = [
      { type: 'credentials', state: forged }, // well-formed, but not from a tab of this session
      { type: 'credentials', state: forged, nonce: 'f'.repeat(32) },
      { type: 'credentials', state: partial },
      { type: 'credentials', state: partial, nonce: known },
      { type: 'credentials', state: { ...forged, identity: null }, nonce: known },
      { type: 'credentials', state: { ...forged, secretAccessKey: '' }, nonce: known },
      { type: 'credentials', state: { ...forged, sessionToken: 7 }, nonce: known },
      { type: 'credentials', state: { ...forged, accessKeyId: 'ASIA-NOT-A-KEY-ID' }, nonce: known },
      { type: 'credentials', state: { ...forged, accessKeyId: 'asia_forged_forged_0' }, nonce: known }, // AWS key ids are upper case
      { type: 'credentials', state: { ...forged, expiration: 'tomorrow' }, nonce: known },
      { type: 'credentials', state: { ...forged, expiration: Infinity }, nonce: known },
      { type: 'credentials', state: { ...forged, expiration: clock.now() + 13 * HOUR, lifetime: 13 * HOUR }, nonce: known },
      { type: 'credentials', state: { ...forged, lifetime: -1 }, nonce: known },
      { type: 'credentials', nonce: known },
      { type: 'credentials', state: null, nonce: known },
      { type: 'credentials', state: [forged], nonce: known },
      { type: 'what-is-this', nonce: known },
      { type: 'refresh-request', force: 'yes', nonce: known },
      null,
      undefined,
      42,
      'credentials',
      [],
    ];
    for (const m of messages) expect(() => tabs.inject(tabs.names()[0], m), JSON.stringify(m)).not.toThrow();
    await settle();
    expect(a.getSnapshot()).toMatchObject({ status: 'ready', credentials: { accessKeyId: c.accessKeyId } });
    expect(a.getSnapshot().credentials!.secretAccessKey).toBe(c.secretAccessKey);
  });
});

describe('sessions of one origin', () => {
  it('do not adopt each other\u2019s credentials when the role or the session policy differs', async () => {
    const { make, calls } = origin();
    const web = make();
    const admin = make({ roleArn: 'arn:aws:iam::123456789012:role/admin' });
    const narrow = make({ policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' });
    const got = await Promise.all([web.getCredentials(), admin.getCredentials(), narrow.getCredentials()]);
    expect(calls()).toBe(3);
    expect(new Set(got.map((c) => c.accessKeyId)).size).toBe(3);
    const fresh = await web.refresh({ force: true });
    await settle();
    expect(admin.getSnapshot().credentials!.accessKeyId).toBe(got[1].accessKeyId);
    expect(narrow.getSnapshot().credentials!.accessKeyId).toBe(got[2].accessKeyId);
    expect(admin.getSnapshot().identity!.assumedRoleArn).toMatch(/:assumed-role\/admin\//);
    expect(fresh.accessKeyId).not.toBe(got[0].accessKeyId);
  });

  it('still share one STS call between two tabs of the same session, and a sign-out', async () => {
    const { make, calls } = origin();
    const a = make();
    const b = make();
    const [ca, cb] = await Promise.all([a.getCredentials(), b.getCredentials()]);
    expect(calls()).toBe(1);
    expect(cb.accessKeyId).toBe(ca.accessKeyId);
    const fresh = await a.refresh({ force: true });
    await settle();
    expect(b.getSnapshot().credentials!.accessKeyId).toBe(fresh.accessKeyId);
    await b.signOut();
    await settle();
    expect(a.getSnapshot().status).toBe('signed-out');
  });

  // Found in Chromium: localStorage reaches another tab later than a BroadcastChannel message may,
  // so a peer still read the old nonce in the marker and dropped the credentials it had asked for.
  it('a peer whose marker has not caught up still takes the credentials refreshed for it', async () => {
    const { tabs, make, calls } = origin();
    const a = make();
    await a.getCredentials();
    const shared = tabs.tab();
    const lag: { frozen?: string } = {};
    const marker = shared.marker!;
    const lagging = { read: (n: string) => lag.frozen ?? marker.read(n), write: (n: string, v: string) => marker.write(n, v) };
    const b = make({ user: null, tabs: { ...shared, marker: lagging } });
    const first = await b.getCredentials(); // B has no user: it takes A's
    expect(calls()).toBe(1);
    lag.frozen = marker.read(tabs.names()[0]); // from now on B reads the marker as it was
    const fresh = await b.refresh({ force: true }); // A refreshes for B, under a new nonce
    expect(calls()).toBe(2);
    expect(fresh.accessKeyId).not.toBe(first.accessKeyId);
    expect(fresh.accessKeyId).toBe((await a.getCredentials()).accessKeyId);
  });
});
