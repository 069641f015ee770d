// The queue's list of files on its own: the next queued file, the counts settled() and the
// scheduler read, the keys a new file may not take, and the snapshot made once per change.
import { describe, expect, it } from 'vitest';
import { entryList, itemOf } from '../../src/s3/queue-list';

const input = (key: string) => ({ file: new Blob([key]), key, relativePath: key });
const turn = () => new Promise<void>((r) => queueMicrotask(r));

describe('entryList', () => {
  it('hands out queued files first added first, and looks again from the start once one is queued again', () => {
    const list = entryList(() => 0);
    const [a, b, c] = ['a', 'b', 'c'].map((k) => list.make(input(k)));
    list.splice([a, b, c]);
    expect(list.nextQueued()).toBe(a);
    list.set(a, 'uploading');
    expect(list.nextQueued()).toBe(b);
    list.set(b, 'uploading');
    list.set(c, 'paused');
    expect(list.nextQueued()).toBeUndefined();
    list.set(a, 'queued'); // retried: before the point the search had reached
    expect(list.nextQueued()).toBe(a);
  });

  it('counts the files moving, and settles only when none has work left', async () => {
    const list = entryList(() => 0);
    const a = list.make(input('a'));
    list.splice([a]);
    let settled = false;
    void list.view.settled().then(() => (settled = true));
    list.set(a, 'uploading');
    expect([...list.running]).toEqual([a]);
    list.set(a, 'waiting-for-network');
    expect([...list.running]).toEqual([a]);
    list.set(a, 'paused');
    expect(list.running.size).toBe(0);
    await turn();
    expect(settled).toBe(false);
    list.set(a, 'done');
    await turn();
    expect(settled).toBe(true);
  });

  it('replaces files in place of others and keeps its counts right', async () => {
    const list = entryList(() => 0);
    const restored = list.make(input('a'), { status: 'paused', needs: 'file' });
    list.splice([restored]);
    expect(list.busyKeys(), 'a restored file not started may be replaced').toEqual(new Set());
    const again = list.make(input('a'));
    list.splice([again], [restored]);
    expect(list.all).toEqual([again]);
    expect(list.has(restored)).toBe(false);
    expect(list.busyKeys()).toEqual(new Set(['a']));
    list.set(again, 'done');
    await expect(list.view.settled()).resolves.toBeUndefined();
    list.clearFinished();
    expect(list.all).toEqual([]);
  });

  it('makes an entry’s item once per change, and a new snapshot only after a change', () => {
    const list = entryList(() => 42);
    const a = list.make(input('a'));
    list.splice([a]);
    const first = list.view.getSnapshot();
    expect(list.view.getSnapshot()).toBe(first);
    expect(first.items[0]).toBe(itemOf(a));
    expect(first.bytesPerSecond).toBe(42);
    list.set(a, 'uploading');
    const second = list.view.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.items[0].status).toBe('uploading');
    expect(list.chosen(a.id)).toEqual([a]);
    expect(list.chosen()).toEqual([a]);
  });
});
