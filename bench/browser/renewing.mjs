// Credentials that expire mid-batch (issue 14, item 4), Node side: the stack's STS issues
// short-lived credentials, every PutObject waits at S3 so the batch outlasts them, and the kit and
// Uppy each upload the batch with credentials from one kit CredentialSession (Uppy through its
// getCredentials). What is counted: S3's error answers during each batch, STS calls, files failed.

/**
 * Runs the batch once per implementation. `round(impl, prefix)` runs and times one batch in the
 * page (rejecting nothing: a failure comes back as `error`), `verify(impl, prefix)` checks what
 * S3 stored. Returns one row per implementation.
 */
export async function runRenewing({ tab, stack, lifetimeSeconds, latencyMs, round, verify }) {
  stack.settings.credentialLifetimeSeconds = lifetimeSeconds;
  stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs, times: Infinity });
  await tab.exposeFunction('benchIdToken', () => stack.mintIdToken({ sub: 'bench-user' }));
  try {
    await tab.evaluate(() => window.benchRenewingSetup());
    const rows = {};
    for (const impl of ['kit', 'uppy']) {
      const prefix = `bench/renewing/${impl}/`;
      const from = Date.now();
      const { seconds, error } = await round(impl, prefix);
      const log = stack.log.entries.filter((e) => e.time >= from);
      const s3Errors = log.filter((e) => e.service === 's3' && e.action !== 'PreflightRequest' && e.status >= 300);
      let stored = 'all files stored whole';
      if (!error) {
        try {
          verify(impl, prefix);
        } catch (e) {
          stored = e.message;
        }
      }
      rows[impl] = {
        seconds,
        error,
        stored: error ? 'not all stored' : stored,
        s3Errors: s3Errors.length,
        byStatus: countBy(s3Errors.map((e) => `${e.status} ${e.action}`)),
        stsCalls: log.filter((e) => e.service === 'sts').length,
        keysUsed: new Set(log.filter((e) => e.service === 's3' && e.accessKeyId).map((e) => e.accessKeyId)).size,
      };
    }
    return rows;
  } finally {
    stack.faults.clear();
    stack.settings.credentialLifetimeSeconds = undefined;
  }
}

/** ['2 x 400 PutObject', ...] from a list of labels. */
export function countBy(labels) {
  const counts = new Map();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => `${n} x ${l}`);
}

/** Prints the rows of runRenewing. */
export function printRenewing(title, rows, labels) {
  console.log(`\n${title}`);
  for (const [impl, r] of Object.entries(rows)) {
    const outcome = r.error ? `FAILED after ${r.seconds.toFixed(1)} s: ${r.error}` : `completed in ${r.seconds.toFixed(1)} s, ${r.stored}`;
    const errors = r.s3Errors ? `${r.s3Errors} S3 error answers (${r.byStatus.join(', ')})` : 'no S3 error answer';
    console.log(`${labels[impl].padEnd(24)} ${outcome}; ${errors}; ${r.stsCalls} STS calls; ${r.keysUsed} access keys seen by S3`);
  }
}
