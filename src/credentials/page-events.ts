// When to look at the credentials again although no timer fired: browsers throttle or freeze a
// hidden tab's timers, and a refresh cannot succeed offline. The page's own events say when:
// it became visible again, or the network came back.
import { optionalGlobal } from '../shared/optional-global';

/** Calls `recheck` when the page becomes visible or goes back online; returns what stops it. */
export function onPageReturn(recheck: () => void): () => void {
  const stops: (() => void)[] = [];
  const doc = optionalGlobal('document');
  const win = optionalGlobal('window');
  if (doc?.addEventListener) {
    const onVisible = () => doc.visibilityState === 'visible' && recheck();
    doc.addEventListener('visibilitychange', onVisible);
    stops.push(() => doc.removeEventListener('visibilitychange', onVisible));
  }
  if (win?.addEventListener) {
    win.addEventListener('online', recheck);
    stops.push(() => win.removeEventListener('online', recheck));
  }
  return () => stops.forEach((stop) => stop());
}
