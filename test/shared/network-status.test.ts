// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { browserNetworkStatus, whenOnline } from '../../src/shared/network-status';

// jsdom's navigator.onLine is a getter on the prototype; shadow it on the instance per test.
function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}
afterEach(() => {
  delete (navigator as { onLine?: boolean }).onLine;
});

describe('browserNetworkStatus', () => {
  it('follows navigator.onLine and tells subscribers of each change until they unsubscribe', () => {
    const network = browserNetworkStatus();
    const seen: boolean[] = [];
    const unsubscribe = network.subscribe(() => seen.push(network.isOnline()));
    setOnline(false);
    expect(network.isOnline()).toBe(false);
    setOnline(true);
    unsubscribe();
    setOnline(false);
    expect(seen).toEqual([false, true]);
  });
});

describe('whenOnline', () => {
  it('resolves at once when online', async () => {
    setOnline(true);
    await expect(whenOnline(browserNetworkStatus())).resolves.toBeUndefined();
  });

  it('waits while offline and resolves on the online event, not on another offline one', async () => {
    setOnline(false);
    let settled = false;
    const waiting = whenOnline(browserNetworkStatus()).then(() => (settled = true));
    setOnline(false);
    await Promise.resolve();
    expect(settled).toBe(false);
    setOnline(true);
    await waiting;
    expect(settled).toBe(true);
  });

  it('rejects with the signal reason when aborted while waiting, and stops listening', async () => {
    setOnline(false);
    const network = browserNetworkStatus();
    let listeners = 0;
    const counting = {
      isOnline: () => network.isOnline(),
      subscribe: (l: () => void) => {
        listeners++;
        const off = network.subscribe(l);
        return () => {
          listeners--;
          off();
        };
      },
    };
    const controller = new AbortController();
    const waiting = whenOnline(counting, controller.signal);
    expect(listeners).toBe(1);
    controller.abort(new Error('cancelled by the user'));
    await expect(waiting).rejects.toThrow('cancelled by the user');
    expect(listeners).toBe(0);
  });
});
