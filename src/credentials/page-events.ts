// When to look at the credentials again although no timer fired: browsers throttle or freeze a
// hidden tab's timers, and a refresh cannot succeed offline. The page's own events say when:
// it became visible again, or the network came back.
import { browserNetworkStatus, type NetworkStatus } from '../shared/network-status';
import { optionalGlobal } from '../shared/optional-global';

/**
 * Calls `recheck` when the page becomes visible or `network` goes back online; returns what stops
 * it. `network`: the browser's (injectable for tests).
 */
export function onPageReturn(recheck: () => void, network: NetworkStatus = browserNetworkStatus()): () => void {
  const stops = [network.subscribe(() => network.isOnline() && recheck())];
  const doc = optionalGlobal('document');
  if (doc?.addEventListener) {
    const onVisible = () => doc.visibilityState === 'visible' && recheck();
    doc.addEventListener('visibilitychange', onVisible);
    stops.push(() => doc.removeEventListener('visibilitychange', onVisible));
  }
  return () => stops.forEach((stop) => stop());
}
