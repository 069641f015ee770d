// The session as a store: one immutable snapshot, replaced whole, watched by subscribers; the work
// behind it starts on first use, once, and never after close.
import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../src/credentials/snapshot';
import { SnapshotStore } from '../../src/credentials/store';

const loading = () => makeSnapshot({ status: 'loading' });

describe('SnapshotStore', () => {
  it('tells subscribers of each new snapshot, until they unsubscribe', () => {
    const store = new SnapshotStore(loading(), () => {});
    const seen: string[] = [];
    const off = store.subscribe(() => seen.push(store.get().status));
    store.set(makeSnapshot({ status: 'ready' }));
    store.clear('signed-out');
    off();
    store.clear('error', new Error('x'));
    expect(seen).toEqual(['ready', 'signed-out']);
    expect(store.get()).toMatchObject({ status: 'error', error: { message: 'x' } });
  });

  it('keeps the same snapshot, and calls nobody, when an update changes nothing', () => {
    const store = new SnapshotStore(loading(), () => {});
    let calls = 0;
    store.subscribe(() => calls++);
    const before = store.get();
    store.update({ status: 'loading' });
    expect(store.get()).toBe(before);
    expect(calls).toBe(0);
    store.update({ status: 'refreshing' });
    expect(store.get()).not.toBe(before);
    expect(Object.isFrozen(store.get())).toBe(true);
    expect(calls).toBe(1);
  });

  it('starts the work on the first call of any wrapped function, once; get alone starts nothing', () => {
    let starts = 0;
    const store = new SnapshotStore(loading(), () => starts++);
    const a = store.whenUsed(() => 'a');
    const b = store.whenUsed((n: number) => n * 2);
    store.get();
    expect(starts).toBe(0);
    expect(b(21)).toBe(42);
    expect(a()).toBe('a');
    expect(starts).toBe(1);
  });

  it('starts nothing after close, and calls no listener again', () => {
    let starts = 0;
    let calls = 0;
    const store = new SnapshotStore(loading(), () => starts++);
    store.subscribe(() => calls++);
    store.close();
    store.whenUsed(() => {})();
    store.clear('signed-out');
    expect([starts, calls]).toEqual([0, 0]);
  });
});
