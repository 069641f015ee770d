// A session's peers on their own, over simulated tabs: taking the credentials another tab got,
// refreshing for a tab without a user, signing out everywhere, never taking another user's.
import { describe, expect, it } from 'vitest';
import { HeldCredentials } from '../../src/credentials/held';
import { Peers } from '../../src/credentials/peers';
import { RefreshTimer } from '../../src/credentials/refresh-timer';
import { RefreshWindows } from '../../src/credentials/refresh-windows';
import { makeSnapshot, type CredentialsRecord } from '../../src/credentials/snapshot';
import { SnapshotStore } from '../../src/credentials/store';
import { TabSync } from '../../src/credentials/tab-sync';
import { createTestClock, createTestTabs } from '../../src/testing/index';
import { settle } from './tab-world';

const HOUR = 3_600_000;

/** A refresh timer that counts how often it is armed ahead of an expiry. */
class CountingTimer extends RefreshTimer {
  armed = 0;
  override aheadOf(expiration: number, landedAt: number) {
    this.armed++;
    super.aheadOf(expiration, landedAt);
  }
}

function origin() {
  const env = createTestTabs();
  const clock = createTestClock();
  let keys = 0;
  const issue = (subject: string): CredentialsRecord => ({
    accessKeyId: `ASIAEXAMPLEEXAMPLE${String(++keys).padStart(2, '0')}`,
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: clock.now() + HOUR,
    lifetime: HOUR,
    identity: { subject },
  });
  /** A tab: its held credentials and peers; `user` is who is signed in there (null: nobody). */
  const tab = (user: string | null) => {
    const store = new SnapshotStore(makeSnapshot({ status: 'loading' }), () => {});
    const parts = { now: clock.now, timers: clock, random: () => 0, windows: new RefreshWindows() };
    const timer = new CountingTimer(parts, () => {});
    const held = new HeldCredentials(store, parts, timer);
    const log = { refreshes: [] as boolean[], signedOut: 0, emitted: 0 };
    store.subscribe(() => log.emitted++);
    const peers: Peers = new Peers(new TabSync('scope', env.tab(), clock.now), clock, held, {
      hasUser: () => Promise.resolve(user !== null),
      refresh({ force }) {
        log.refreshes.push(force);
        const r = issue(user!);
        peers.announce(r);
        return Promise.resolve(held.hold(r));
      },
      signedOutElsewhere: () => log.signedOut++,
    });
    peers.open();
    return { held, peers, log, timer };
  };
  return { tab, issue };
}

describe('Peers', () => {
  it('a tab that comes to refresh just after another did waits for its credentials instead', async () => {
    const { tab, issue } = origin();
    const a = tab('alice');
    const b = tab('alice');
    const r = issue('alice');
    a.held.hold(r);
    a.peers.announce(r);
    await settle();
    const taken = await b.peers.justRefreshed();
    expect(taken?.accessKeyId).toBe(r.accessKeyId);
    expect(b.held.unexpiredRecord()).toEqual(r);
  });

  it('takes credentials it hears more than once (announced, then shared when asked) only once', async () => {
    const { tab, issue } = origin();
    const a = tab('alice');
    const b = tab('alice');
    const r = issue('alice');
    a.held.hold(r);
    a.peers.announce(r);
    await settle();
    const taken = await b.peers.justRefreshed();
    await settle();
    expect(taken?.accessKeyId).toBe(r.accessKeyId);
    // One adoption: one new snapshot for the app to render, one refresh timed.
    expect([b.log.emitted, b.timer.armed]).toEqual([1, 1]);
  });

  it('a tab with no user gets a tab with one to refresh for it when it forces, and to share when it does not', async () => {
    const { tab, issue } = origin();
    const a = tab('alice');
    const b = tab(null);
    const r = issue('alice');
    a.held.hold(r);
    a.peers.announce(r);
    await settle();
    expect((await b.peers.refreshedForUs(false))?.accessKeyId).toBe(r.accessKeyId);
    expect(a.log.refreshes).toEqual([]);
    const fresh = await b.peers.refreshedForUs(true);
    expect(a.log.refreshes).toEqual([true]);
    expect(fresh?.accessKeyId).not.toBe(r.accessKeyId);
    expect(fresh?.accessKeyId).toBe(a.held.unexpired()?.accessKeyId);
  });

  it('does not take another user\u2019s credentials', async () => {
    const { tab, issue } = origin();
    const a = tab('alice');
    const b = tab('bob');
    b.held.hold(issue('bob'));
    const r = issue('alice');
    a.held.hold(r);
    a.peers.announce(r);
    await settle();
    expect(b.held.unexpiredRecord()?.identity.subject).toBe('bob');
  });

  it('signs the other tabs out, and only them', async () => {
    const { tab, issue } = origin();
    const a = tab('alice');
    const b = tab('alice');
    const r = issue('alice');
    a.held.hold(r);
    a.peers.announce(r);
    await settle();
    a.peers.signOutEverywhere();
    await settle();
    expect([a.log.signedOut, b.log.signedOut]).toEqual([0, 1]);
  });
});
