// The queue as an observable store, as Zustand's: the snapshot is made on demand and kept until
// something changes (so useSyncExternalStore reads the same object between changes), listeners are
// told once per turn however many files changed in it, and settled() waiters are let go once
// nothing is left to do.

/** A store of snapshots made by `make`; `idle` says whether the work it shows is over. */
export function snapshotStore<S>(make: () => S, idle: () => boolean) {
  let snapshot: S | undefined;
  let notifying = false;
  const listeners = new Set<() => void>();
  const waiters: (() => void)[] = [];
  const notify = () => {
    notifying = false;
    listeners.forEach((l) => l());
    if (waiters.length && idle()) waiters.splice(0).forEach((w) => w());
  };
  return {
    /** Something changed: the next read makes a new snapshot, and listeners are told (once this turn). */
    changed() {
      snapshot = undefined;
      if (notifying) return;
      notifying = true;
      queueMicrotask(notify);
    },
    getSnapshot: (): S => (snapshot ??= make()),
    subscribe: (listener: () => void): (() => void) => {
      const l = () => listener(); // its own entry: the same function subscribed twice is two subscriptions
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    settled: (): Promise<void> => (idle() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
