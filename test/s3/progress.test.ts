// Progress for people: at most one report per interval, the latest one, a final one at once, and
// a rate over the last seconds; paced by an injected clock, never by sleeping.
import { describe, expect, it } from 'vitest';
import { progressOf, progressReporter, type UploadProgress } from '../../src/s3/progress';
import { createTestClock } from '../../src/testing/test-clock';

const at = (loaded: number) => ({ loaded, total: 1000, partsDone: 0, partsTotal: 2 });

function reporter() {
  const clock = createTestClock(0);
  const seen: (UploadProgress & { t: number })[] = [];
  const r = progressReporter((p) => seen.push({ ...p, t: clock.now() }), 100, clock);
  return { clock, seen, r };
}

describe('progressReporter', () => {
  it('reports the first update at once, then at most one per interval: the latest', async () => {
    const { clock, seen, r } = reporter();
    r.update(at(10));
    expect(seen.map((p) => p.loaded)).toEqual([10]);
    await clock.advance(30);
    r.update(at(20));
    await clock.advance(30);
    r.update(at(30));
    expect(seen).toHaveLength(1);
    await clock.advance(40); // 100 ms after the first report
    expect(seen.map((p) => [p.t, p.loaded])).toEqual([
      [0, 10],
      [100, 30],
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('an update after a quiet interval is reported at once', async () => {
    const { clock, seen, r } = reporter();
    r.update(at(10));
    await clock.advance(500);
    r.update(at(50));
    expect(seen.map((p) => [p.t, p.loaded])).toEqual([
      [0, 10],
      [500, 50],
    ]);
  });

  it('a final update is reported at once and cancels the pending one', async () => {
    const { clock, seen, r } = reporter();
    r.update(at(10));
    await clock.advance(10);
    r.update(at(20));
    r.update(at(1000), true);
    expect(seen.map((p) => p.loaded)).toEqual([10, 1000]);
    await clock.advance(1000);
    expect(seen).toHaveLength(2);
  });

  it('stop() cancels the pending report', async () => {
    const { clock, seen, r } = reporter();
    r.update(at(10));
    await clock.advance(10);
    r.update(at(20));
    r.stop();
    await clock.advance(1000);
    expect(seen.map((p) => p.loaded)).toEqual([10]);
  });

  it('gives the rate over the last 3 seconds', async () => {
    const { clock, seen, r } = reporter();
    r.update(at(0));
    for (let s = 1; s <= 5; s++) {
      await clock.advance(1000);
      r.update(at(s < 4 ? s * 100 : 300 + (s - 3) * 10)); // 100 B/s, then 10 B/s
    }
    expect(seen[1].bytesPerSecond).toBe(100);
    expect(seen.at(-1)!.bytesPerSecond).toBeCloseTo((320 - 200) / 3, 5); // from the sample 3 s back
  });

  it('without onProgress it does nothing, and schedules nothing', () => {
    const clock = createTestClock(0);
    const r = progressReporter(undefined, 100, clock);
    r.update(at(1));
    r.update(at(2));
    r.update(at(3), true);
    expect(clock.pending()).toBe(0);
  });
});

describe('progressOf', () => {
  it('sums the bytes of every part and counts the stored ones', () => {
    const parts = [{ loaded: 5, etag: '"a"' }, { loaded: 3 }, { loaded: 0 }];
    expect(progressOf(parts, 20)).toEqual({ loaded: 8, total: 20, partsDone: 1, partsTotal: 3 });
  });
});
