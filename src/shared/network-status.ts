// Whether the browser believes it is online, and a way to wait until it is: what lets an upload
// wait out a lost connection instead of spending its retries against a network that is not there.
// Where there is no navigator (Node, some workers) the network counts as always online.
import { optionalGlobal } from './optional-global';

/** The network as the browser sees it (`navigator.onLine` and the window's online/offline events). */
export interface NetworkStatus {
  /** False only when the browser knows it has no network; true where it cannot tell. */
  isOnline(): boolean;
  /** Calls `listener` on every online/offline change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** The browser's network status; always online where there is no `navigator` or `window`. */
export function browserNetworkStatus(): NetworkStatus {
  const nav = optionalGlobal('navigator');
  const win = optionalGlobal('window');
  return {
    isOnline: () => nav?.onLine !== false,
    subscribe(listener) {
      win?.addEventListener('online', listener);
      win?.addEventListener('offline', listener);
      return () => {
        win?.removeEventListener('online', listener);
        win?.removeEventListener('offline', listener);
      };
    },
  };
}

/** Resolves once `network` is online (at once if it is); rejects with the signal's reason on abort. */
export function whenOnline(network: NetworkStatus, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  if (network.isOnline()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const finish = () => {
      unsubscribe();
      signal?.removeEventListener('abort', abort);
    };
    const unsubscribe = network.subscribe(() => {
      if (!network.isOnline()) return;
      finish();
      resolve();
    });
    const abort = () => {
      finish();
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
