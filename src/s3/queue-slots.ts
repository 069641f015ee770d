// The queue's one limit of requests in flight, and how it knows when another file may start. Every
// file's upload gets a view of one shared limiter: its part PUTs take slots through its pool, and
// its other requests (create, list, complete, abort) take one each in its transport, so the limit
// holds for every request the batch sends, as the browser's connections per host do. The views
// count each file's demand (slots held or waited for), so a file is started only when no running
// file is about to want the free slots.
import { createUploadLimiter, type UploadLimiter } from './limiter';
import type { Transport } from './transport';

/** One running file's demand for slots. */
export interface FileDemand {
  /** Slots this file holds or waits for now. */
  demand: number;
  /** Canceled: a request that waited for a slot is not sent (but for AbortMultipartUpload). */
  gone?: boolean;
}

export interface QueueSlots {
  readonly limit: number;
  /** What one file's upload takes its slots through: its pool's limiter and its transport. */
  forFile(file: FileDemand): { limiter: UploadLimiter; transport: Transport };
  /**
   * Slots neither held nor waited for, less one for each running file that holds none now (it is
   * between two requests, or reading its fingerprint, and will want one soon).
   */
  room(running: Iterable<FileDemand>): number;
}

/**
 * Slots for `limit` requests shared by every file; `freed` is called (once per microtask) after
 * a slot is given back, when another file may have room to start.
 */
export function queueSlots(limit: number, transport: Transport, freed: () => void): QueueSlots {
  const shared = createUploadLimiter(limit);
  /** Counted here, both moved in the same turn, so their sum is exact (the shared limiter's own count runs a turn ahead). */
  let taken = 0;
  let waiting = 0;
  let scheduled = false;
  // Not at once: a pool gives a slot back and asks for the next in the same turn.
  const later = () => !scheduled && ((scheduled = true), queueMicrotask(() => ((scheduled = false), freed())));

  const acquire = async (file: FileDemand): Promise<() => void> => {
    file.demand++;
    waiting++;
    const release = await shared.acquire();
    waiting--;
    taken++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      file.demand--;
      taken--;
      release();
      later();
    };
  };

  return {
    limit,
    forFile(file) {
      const limiter: UploadLimiter = {
        limit,
        get active() {
          return shared.active;
        },
        acquire: () => acquire(file),
      };
      // A PUT (a part, or a small file's single PUT) runs in a pool job that holds a slot already.
      const own: Transport = async (r) => {
        if (r.method === 'PUT') return transport(r);
        const release = await acquire(file);
        try {
          // e.g. a CreateMultipartUpload that waited while the file was canceled: never sent, nothing to abort.
          if (file.gone && r.method !== 'DELETE') throw new DOMException('The upload was canceled', 'AbortError');
          return await transport(r);
        } finally {
          release();
        }
      };
      return { limiter, transport: own };
    },
    room(running) {
      let idle = 0;
      for (const f of running) if (f.demand === 0) idle++;
      return limit - taken - waiting - idle;
    },
  };
}
