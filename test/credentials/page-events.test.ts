// The page's own events say when to look at the credentials again: visible again, back online.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onPageReturn } from '../../src/credentials/page-events';
import type { NetworkStatus } from '../../src/shared/network-status';

/** A document that records its listeners. */
function page() {
  const listeners = new Map<string, () => void>();
  const doc = {
    visibilityState: 'hidden',
    addEventListener: (type: string, l: () => void) => listeners.set(type, l),
    removeEventListener: (type: string, l: () => void) => listeners.get(type) === l && listeners.delete(type),
  };
  vi.stubGlobal('document', doc);
  return { doc, listeners };
}

/** A network whose online state the test switches, telling its listeners as the browser's events do. */
function network() {
  const listeners = new Set<() => void>();
  let online = true;
  const status: NetworkStatus = {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const set = (now: boolean) => {
    online = now;
    listeners.forEach((l) => l());
  };
  return { status, set, listeners };
}

afterEach(() => vi.unstubAllGlobals());

describe('onPageReturn', () => {
  it('rechecks when the page becomes visible, not when it is hidden, and when it is back online, not when it goes offline', () => {
    const { doc, listeners } = page();
    const net = network();
    let rechecks = 0;
    onPageReturn(() => rechecks++, net.status);
    listeners.get('visibilitychange')!();
    expect(rechecks).toBe(0);
    doc.visibilityState = 'visible';
    listeners.get('visibilitychange')!();
    expect(rechecks).toBe(1);
    net.set(false);
    expect(rechecks).toBe(1);
    net.set(true);
    expect(rechecks).toBe(2);
  });

  it('removes both listeners when stopped', () => {
    const { listeners } = page();
    const net = network();
    const stop = onPageReturn(() => {}, net.status);
    expect([listeners.size, net.listeners.size]).toEqual([1, 1]);
    stop();
    expect([listeners.size, net.listeners.size]).toEqual([0, 0]);
  });

  it('does nothing where there is no page (Node, a worker)', () => {
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('window', undefined);
    vi.stubGlobal('navigator', undefined);
    expect(() => onPageReturn(() => {})()).not.toThrow();
  });
});
