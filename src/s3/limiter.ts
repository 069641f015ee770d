// The limit of part requests in flight: a number of slots, given first come, first served. An
// upload makes its own from `concurrency`; several uploads given the same limiter share its slots,
// so a batch of files stays within one limit however many files it has.
import { S3ValidationError } from './errors';

/** Slots for part requests, shared by the uploads it is given to (see {@link createUploadLimiter}). */
export interface UploadLimiter {
  /** Requests in flight at most. */
  readonly limit: number;
  /** Slots taken now. */
  readonly active: number;
  /**
   * Resolves with the slot's release function once a slot is free; waiters are served in order.
   * A slot no longer wanted when it comes (the upload paused or ended) is released at once.
   */
  acquire(): Promise<() => void>;
}

/**
 * Slots for `limit` part requests in flight, to pass as `limiter` to several {@link uploadToS3}
 * calls so that together they keep to one limit (each part, or a small file's single PUT, takes
 * one slot while it is sent).
 *
 * @throws {@link S3ValidationError} (option `concurrency`) when `limit` is not a whole number of at least 1.
 *
 * @example
 * ```ts
 * const limiter = createUploadLimiter(6);
 * const uploads = files.map((file) => uploadToS3({ ...where, key: file.name, body: file, credentials, limiter }));
 * ```
 */
export function createUploadLimiter(limit: number): UploadLimiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new S3ValidationError('concurrency', `must be a whole number of at least 1; got ${limit}`, 'Use 4 for most connections.');
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    limit,
    get active() {
      return active;
    },
    acquire: () =>
      new Promise((resolve) => {
        // A released slot goes to the next waiter within the release call: none can take it in between.
        const grant = () => {
          active++;
          let held = true;
          resolve(() => held && ((held = false), active--, waiting.shift()?.()));
        };
        if (active < limit) grant();
        else waiting.push(grant);
      }),
  };
}
