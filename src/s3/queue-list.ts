// A queue's files, one entry each in the order added, and the counts the queue schedules by: files
// with work left and files moving are kept as statuses change, not searched for on every change,
// and the next queued file is looked for from where the last was found. The snapshot is made from
// the entries, each entry's item once per change (queue-store.ts tells the listeners).
import type { QueueInput } from './queue-input';
import type { ResumeNeeds } from './queue-restore';
import type { FileDemand } from './queue-slots';
import { snapshotStore } from './queue-store';
import { isActive, totalsOf } from './queue-totals';
import type { QueueItem, QueueItemStatus, QueueSnapshot } from './queue-types';
import type { ResumeStore } from './resume-store';
import type { Upload, UploadResult } from './upload';

/** One file's state; its item is made from it for each snapshot it changed in. */
export interface Entry extends QueueInput, FileDemand {
  id: string;
  status: QueueItemStatus;
  loaded: number;
  result?: UploadResult;
  error?: Error;
  /** The file's current upload, from its start (or its last retry). */
  upload?: Upload;
  /** Its upload's first progress report is the baseline (parts S3 had already), not bytes sent. */
  reported?: boolean;
  item?: QueueItem;
  /** Restored after a reload and not started since: what resuming it needs ('permission' and 'file': `file` is a stand-in). */
  needs?: ResumeNeeds;
  /** A restored file's size, while `file` is a stand-in. */
  size?: number;
  /** The resume store as this file's upload sees it (resumable queues): the file noted in it from when it was added. */
  store?: ResumeStore;
  /** Made of the bytes the store kept: not kept again. */
  fromBody?: boolean;
  /** A restored file not started since: drops its multipart upload and record when canceled. */
  discard?: () => Promise<void>;
  /** Its handle's permission asked, the answer not yet in: asked once. */
  reopening?: Promise<void>;
}

/** The files of one queue; `rate` is the batch's bytes per second, for the snapshot. */
export function entryList(rate: () => number) {
  let entries: Entry[] = [];
  /** Entries before this index are not queued: where the next file to start is looked for. */
  let from = 0;
  let ids = 0;
  /** Files with work left (queued, uploading, paused, waiting). */
  let active = 0;
  /** Files whose upload runs or waits for the network (not paused): what may want a slot soon. */
  const running = new Set<Entry>();
  const view = snapshotStore(
    (): QueueSnapshot => {
      const items = entries.map(itemOf);
      return Object.freeze({ items: Object.freeze(items), ...totalsOf(items, rate()) });
    },
    () => active === 0,
  );
  /** The entry changed (or the list): its item and the snapshot are made again. */
  const touch = (e?: Entry) => {
    if (e) e.item = undefined;
    view.changed();
  };
  const busy = (e: Entry) => e.status !== 'done' && e.status !== 'aborted' && !e.needs;

  return {
    view,
    running,
    touch,
    get all(): readonly Entry[] {
      return entries;
    },
    make: (input: QueueInput, more: Partial<Entry> = {}): Entry => ({
      id: `${++ids}`,
      status: 'queued',
      loaded: 0,
      demand: 0,
      ...input,
      ...more,
    }),
    set: (e: Entry, status: QueueItemStatus) => {
      active += Number(isActive({ status })) - Number(isActive(e));
      e.status = status;
      if (status === 'queued') from = 0;
      if (status === 'uploading' || status === 'waiting-for-network') running.add(e);
      else running.delete(e);
      touch(e);
    },
    /** The first queued file, first added first. */
    nextQueued: (): Entry | undefined => {
      while (from < entries.length && entries[from].status !== 'queued') from++;
      return entries[from];
    },
    /** Adds `added` at the end, in place of `replaced`. */
    splice: (added: Entry[], replaced: Entry[] = []) => {
      entries = entries.filter((e) => !replaced.includes(e)).concat(added);
      active += added.filter(isActive).length - replaced.filter(isActive).length;
      from = 0;
      touch();
    },
    clearFinished: () => {
      entries = entries.filter(isActive);
      from = 0;
      touch();
    },
    /** Keys of the files with work left but restored ones not started (adding the same file replaces those). */
    busyKeys: () => new Set(entries.filter(busy).map((e) => e.key)),
    /** The one file of `id`, or all of them. */
    chosen: (id?: string) => (id === undefined ? entries : entries.filter((e) => e.id === id)),
    has: (e: Entry) => entries.includes(e),
  };
}

/** The entry as its snapshot shows it: made once per change. */
export function itemOf(e: Entry): QueueItem {
  return (e.item ??= Object.freeze({
    id: e.id,
    file: e.file,
    key: e.key,
    relativePath: e.relativePath,
    status: e.status,
    loaded: e.loaded,
    total: e.size ?? e.file.size,
    ...(e.needs && { resumeNeeds: e.needs }),
    ...(e.result && { result: e.result }),
    ...(e.error && { error: e.error }),
  }));
}
