// The batch as a whole, from its files: bytes and files done, the state, and a rate and time left
// over the last few seconds of every file together.
import type { QueueItem, QueueSnapshot } from './queue-types';

/** The rate looks this far back (ms). */
const WINDOW_MS = 3000;

/**
 * Bytes sent by all files together, over the last few seconds. Counts only bytes moving forward,
 * so a part cut by a pause and sent again counts twice, as the network carried it twice.
 */
export function rateMeter(now: () => number) {
  let sent = 0;
  /** [time, bytes sent by then]; the first is the last one older than the window, the anchor. */
  const samples: [number, number][] = [];
  const trim = (t: number) => {
    while (samples.length > 1 && samples[1][0] <= t - WINDOW_MS) samples.shift();
  };
  return {
    add(bytes: number) {
      sent += bytes;
      const t = now();
      samples.push([t, sent]);
      trim(t);
    },
    /** Measures afresh from now: the batch starts, or starts again after a pause. */
    restart() {
      samples.length = 0;
      samples.push([now(), sent]);
    },
    /** Bytes per second; 0 until there is a span of time to measure over. */
    rate(): number {
      const t = now();
      trim(t);
      const [t0, s0] = samples[0] ?? [t, sent];
      return t > t0 ? ((sent - s0) * 1000) / (t - t0) : 0;
    },
  };
}

const ACTIVE = new Set<QueueItem['status']>(['queued', 'uploading', 'paused', 'waiting-for-network']);

/** Whether the file still has work to do (or to resume). */
export const isActive = (item: Pick<QueueItem, 'status'>): boolean => ACTIVE.has(item.status);

/** The batch's totals and state, over the files not aborted. */
export function totalsOf(items: readonly QueueItem[], bytesPerSecond: number): Omit<QueueSnapshot, 'items'> {
  let loaded = 0;
  let total = 0;
  let filesDone = 0;
  let filesTotal = 0;
  let filesFailed = 0;
  /** Bytes still to send: of the files not done, failed or aborted. */
  let left = 0;
  const seen = new Set<QueueItem['status']>();
  for (const item of items) {
    seen.add(item.status);
    if (item.status === 'aborted') continue;
    loaded += item.loaded;
    total += item.total;
    filesTotal++;
    if (item.status === 'done') filesDone++;
    if (item.status === 'error') filesFailed++;
    if (isActive(item)) left += item.total - item.loaded;
  }
  // Files waiting for the network hold the queued ones back too: the batch waits.
  const status = seen.has('uploading')
    ? 'uploading'
    : seen.has('waiting-for-network')
      ? 'waiting-for-network'
      : seen.has('queued')
        ? 'uploading'
        : seen.has('paused')
          ? 'paused'
          : 'idle';
  // A paused or waiting batch moves nothing, whatever the last seconds moved.
  const rate = status === 'uploading' ? bytesPerSecond : 0;
  return {
    loaded,
    total,
    filesDone,
    filesTotal,
    filesFailed,
    bytesPerSecond: rate,
    ...(rate > 0 && { secondsLeft: left / rate }),
    status,
  };
}
