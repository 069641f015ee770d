// The browser goes offline mid-upload (issue 15, item 1), Node side: Chromium's network is cut
// (Playwright's context.setOffline, as the e2e test does) for longer than retries last, once the
// upload is under way, then restored; the kit and Uppy each upload the same work in turn. What
// each does is the finding: completes once back online (and how long after), or fails (with what).
// S3's error answers are counted as S3 logs them: a request cut mid-body by the network going
// away is answered (400, to nobody) though the page never sees that answer.
import { countBy } from './renewing.mjs';

/** Resolves once `check()` holds, polling every 50 ms; rejects after `ms`. */
async function until(check, ms, what) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`offline bench: ${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs `work` once per implementation. `round(impl, prefix)` runs it in the page (a failure comes
 * back as `error`, not thrown), `verify(impl, prefix)` checks what S3 stored. The network is cut
 * once `cutAfter` answers to `action` have come from S3 (held `latencyMs` each, so some are still
 * in flight), for `offlineMs`. Returns one row per implementation.
 */
export async function runOffline({ tab, stack, action, cutAfter, latencyMs, offlineMs, prefixOf, round, verify }) {
  const rows = {};
  for (const impl of ['kit', 'uppy']) {
    const prefix = prefixOf(impl);
    stack.faults.add({ service: 's3', action, kind: 'latency', latencyMs, times: Infinity });
    const from = Date.now();
    const answered = () => stack.log.entries.filter((e) => e.time >= from && e.action === action && e.status < 300).length;
    try {
      const result = round(impl, prefix);
      await until(() => answered() >= cutAfter, 60_000, `${cutAfter} ${action} answers`);
      const cutAt = Date.now();
      await tab.context().setOffline(true);
      await new Promise((r) => setTimeout(r, offlineMs));
      await tab.context().setOffline(false);
      const backAt = Date.now();
      const { seconds, error } = await result;
      const endAt = Date.now();
      let stored = 'not all stored';
      if (!error) {
        stored = 'all stored byte for byte';
        try {
          verify(impl, prefix);
        } catch (e) {
          stored = e.message;
        }
      }
      const log = stack.log.entries.filter((e) => e.time >= from);
      rows[impl] = {
        seconds,
        error,
        stored,
        afterOnline: (endAt - backAt) / 1000,
        offlineFrom: (cutAt - from) / 1000,
        s3Errors: countBy(
          log.filter((e) => e.service === 's3' && e.action !== 'PreflightRequest' && e.status >= 300).map((e) => `${e.status} ${e.action}`),
        ),
        requests: log.filter((e) => e.action === action).length,
      };
    } finally {
      stack.faults.clear();
      await tab.context().setOffline(false);
    }
  }
  return rows;
}

/** Prints the rows of runOffline. */
export function printOffline(title, rows, labels) {
  console.log(`\n${title}`);
  for (const [impl, r] of Object.entries(rows)) {
    const outcome = r.error
      ? `FAILED after ${r.seconds.toFixed(1)} s: ${r.error}`
      : `completed in ${r.seconds.toFixed(1)} s (${r.afterOnline.toFixed(1)} s after the network was back), ${r.stored}`;
    console.log(
      `${labels[impl].padEnd(24)} offline from ${r.offlineFrom.toFixed(1)} s: ${outcome}; ${r.requests} answered by S3; S3 error answers: ${r.s3Errors.join(', ') || 'none'}`,
    );
  }
}
