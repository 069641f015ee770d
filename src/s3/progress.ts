// Upload progress for people: bytes, parts and a rate, reported at most every 100 ms.
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

export function progressReporter(onProgress: ((p: UploadProgress) => void) | undefined, intervalMs: number, now: () => number) {
  const samples: [number, number][] = [];
  let last = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
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
  return {
    update(p: Omit<UploadProgress, 'bytesPerSecond'>, final = false) {
      latest = p;
      const t = now();
      samples.push([t, p.loaded]);
      while (samples.length > 2 && t - samples[0][0] > 3000) samples.shift();
      if (final) {
        clearTimeout(pending);
        emit();
      } else if (t - last >= intervalMs) emit();
      else pending ??= setTimeout(emit, intervalMs - (t - last));
    },
    stop() {
      clearTimeout(pending);
    },
  };
}
