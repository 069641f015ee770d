// Upload progress for people: bytes, parts and a rate, reported at most every interval (100 ms),
// and once more at the end, from the parts' own counts.
/** How far an upload is, as {@link UploadOptions.onProgress} gets it. */
export interface UploadProgress {
  /** Bytes sent (and, for finished parts, acknowledged). */
  loaded: number;
  /** The body's size in bytes. */
  total: number;
  /** Parts finished (1 part for a single PUT). */
  partsDone: number;
  /** Parts in all. */
  partsTotal: number;
  /** Over the last few seconds. */
  bytesPerSecond: number;
}

/** The clock and timer a reporter paces itself by (a TestClock in tests). */
export interface ProgressClock {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** What an upload reports, from its parts. */
export function progressOf(parts: { loaded: number; etag?: string }[], total: number): Omit<UploadProgress, 'bytesPerSecond'> {
  return {
    loaded: parts.reduce((s, p) => s + p.loaded, 0),
    total,
    partsDone: parts.filter((p) => p.etag).length,
    partsTotal: parts.length,
  };
}

/** Calls `onProgress` at most every `intervalMs` with the latest update (and at once for a final one), adding the rate. */
export function progressReporter(
  onProgress: ((p: UploadProgress) => void) | undefined,
  intervalMs: number,
  // Called detached (no `this`), as the global timers may be.
  { now, setTimeout: later, clearTimeout: cancel }: ProgressClock = {
    now: () => performance.now(),
    setTimeout,
    clearTimeout: clearTimeout as (handle: unknown) => void,
  },
) {
  const samples: [number, number][] = [];
  let last = -Infinity;
  let pending: unknown;
  let latest: Omit<UploadProgress, 'bytesPerSecond'> | undefined;

  const rate = () => {
    const [t0, b0] = samples[0] ?? [0, 0];
    const [t1, b1] = samples[samples.length - 1] ?? [0, 0];
    return t1 > t0 ? Math.max(0, ((b1 - b0) * 1000) / (t1 - t0)) : 0;
  };
  const emit = () => {
    pending = undefined;
    if (!latest || !onProgress) return;
    last = now();
    onProgress({ ...latest, bytesPerSecond: rate() });
  };
  const stop = () => cancel(pending);
  return {
    update(p: Omit<UploadProgress, 'bytesPerSecond'>, final = false) {
      latest = p;
      const t = now();
      samples.push([t, p.loaded]);
      while (samples.length > 2 && t - samples[0][0] > 3000) samples.shift();
      if (final) {
        stop();
        emit();
      } else if (t - last >= intervalMs) emit();
      else pending ??= later(emit, intervalMs - (t - last));
    },
    stop,
  };
}
