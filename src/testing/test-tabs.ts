// Several "tabs" in one test: a shared Web Locks stand-in and a BroadcastChannel stand-in that
// delivers to every other tab, so cross-tab behaviour can be tested without a browser.
import type { ChannelLike, FreshnessMarker, LockManagerLike, TabEnvironment } from '../credentials/tab-sync';

/** Several simulated tabs of one origin, made by {@link createTestTabs}. */
export interface TestTabs {
  /** A new tab's environment, for CredentialSessionOptions.tabs; its locks and channels are shared with the other tabs. */
  tab(): TabEnvironment;
  /** Everything any tab posted, in order (as posted, before cloning). */
  messages: unknown[];
  /** The channel names opened so far: what a stranger script on the origin could open too. */
  names(): string[];
  /**
   * Hands `data` (structured-cloned) to every tab on channel `name` at once, as a stranger
   * posting there would, but synchronously: whatever a tab's listener throws reaches the caller.
   */
  inject(name: string, data: unknown): void;
}

/** Shared Web Locks, BroadcastChannel and marker stand-ins, so cross-tab behaviour can be tested without a browser. */
export function createTestTabs(): TestTabs {
  const queues = new Map<string, Promise<unknown>>();
  const locks: LockManagerLike = {
    request(name, callback) {
      const run = (queues.get(name) ?? Promise.resolve()).then(() => callback());
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
  const members = new Map<string, Set<(e: { data: unknown }) => void>>();
  const messages: unknown[] = [];
  const channel = (name: string): ChannelLike => {
    const listeners = new Set<(e: { data: unknown }) => void>();
    const everyone = members.get(name) ?? new Set();
    members.set(name, everyone);
    const deliver = (e: { data: unknown }) => listeners.forEach((l) => l(e));
    everyone.add(deliver);
    return {
      postMessage(data) {
        messages.push(data);
        // Structured clone, asynchronously, to every other tab: what BroadcastChannel does.
        const copy = structuredClone(data);
        everyone.forEach((d) => d !== deliver && queueMicrotask(() => d({ data: copy })));
      },
      addEventListener: (_type, l) => listeners.add(l),
      close: () => everyone.delete(deliver),
    };
  };
  const marks = new Map<string, string>();
  const marker: FreshnessMarker = { read: (n) => marks.get(n), write: (n, v) => void marks.set(n, v) };
  return {
    tab: () => ({ locks, channel, marker }),
    messages,
    names: () => [...members.keys()],
    inject(name, data) {
      const copy = structuredClone(data);
      members.get(name)?.forEach((d) => d({ data: copy }));
    },
  };
}
