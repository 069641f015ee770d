// The limiter: slots for part requests, given in order, shared by whoever holds the limiter.
import { describe, expect, it } from 'vitest';
import { createUploadLimiter, S3ValidationError } from '../../src/s3/index';
import { quiet } from './stub-s3';

describe('createUploadLimiter', () => {
  it('gives `limit` slots at once and the next only when one is released, first come first served', async () => {
    const limiter = createUploadLimiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    expect(limiter.active).toBe(2);
    const order: string[] = [];
    const c = limiter.acquire().then((release) => (order.push('c'), release));
    const d = limiter.acquire().then((release) => (order.push('d'), release));
    await quiet();
    expect(order).toEqual([]);
    a();
    (await c)();
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(limiter.active).toBe(2);
  });

  it('a slot released twice frees one slot only', async () => {
    const limiter = createUploadLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.active).toBe(0);
    await limiter.acquire();
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await quiet();
    expect(second).toBe(false);
    expect(limiter.active).toBe(1);
  });

  it.each([0, -1, 1.5, NaN, Infinity])('refuses a limit of %s', (limit) => {
    expect(() => createUploadLimiter(limit)).toThrow(S3ValidationError);
    expect(() => createUploadLimiter(limit)).toThrow(/concurrency must be a whole number of at least 1/);
  });
});
