// One component's upload queue outside React: the queue itself (made at the first add, so nothing
// is made during render or on the server), its snapshot for useSyncExternalStore, and the
// controls, bound once so their identities never change. useS3UploadQueue holds one per component.
import type { PickedFile } from '../s3/picked-files';
import { createUploadQueue } from '../s3/queue';
import { defaultKeyOf } from '../s3/queue-input';
import type { QueueItem, QueueSnapshot, UploadQueue, UploadQueueOptions } from '../s3/queue-types';
import type { SessionMethods } from './session-methods';

/** Where a component's queue uploads, and how: the queue's options less the credentials, which come from the session. */
export type S3UploadQueueSettings = Omit<UploadQueueOptions, 'credentials'>;

/** The session's credential provider, as sessionMethods gives it. */
type GetCredentials = SessionMethods['getCredentials'];

/** A queue with nothing in it: the snapshot before the first file, and on the server. */
export const EMPTY_QUEUE: QueueSnapshot = Object.freeze({
  items: Object.freeze([]),
  loaded: 0,
  total: 0,
  filesDone: 0,
  filesTotal: 0,
  filesFailed: 0,
  bytesPerSecond: 0,
  status: 'idle' as const,
});

/** One component's queue: made on the first add, then its snapshot, controls and end with the component. */
export class QueueController {
  readonly #listeners = new Set<() => void>();
  #settings: S3UploadQueueSettings;
  #getCredentials: GetCredentials;
  #queue?: UploadQueue;
  #leaving?: ReturnType<typeof setTimeout>;

  constructor(settings: S3UploadQueueSettings, getCredentials: GetCredentials) {
    this.#settings = settings;
    this.#getCredentials = getCredentials;
  }

  getSnapshot = (): QueueSnapshot => this.#queue?.getSnapshot() ?? EMPTY_QUEUE;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  /** The settings and credentials of the latest render: the queue is made with them; `key`, `keyPrefix`, `onFileDone` and `onFileError` apply from then on. */
  takeSettings(settings: S3UploadQueueSettings, getCredentials: GetCredentials): void {
    this.#settings = settings;
    this.#getCredentials = getCredentials;
  }

  add = (files: Iterable<File | Blob | PickedFile>): QueueItem[] => {
    const items = this.#made().add(files);
    // Now, not on the queue's next microtask: the rows appear in the event's own render.
    this.#emit();
    return items;
  };
  pause = (id?: string): void => this.#now((q) => q.pause(id));
  resume = (id?: string): void => this.#now((q) => q.resume(id));
  cancel = (id?: string): Promise<void> => this.#now((q) => q.cancel(id)) ?? Promise.resolve();
  retry = (id: string): void => this.#now((q) => q.retry(id));
  clearFinished = (): void => this.#now((q) => q.clearFinished());

  /**
   * For a mount effect. What is still running when the component goes away is canceled, so S3
   * keeps no multipart upload of it; deferred, so StrictMode's rehearsal unmount (followed at
   * once by a remount, which calls this again) cancels nothing.
   */
  mounted(): () => void {
    clearTimeout(this.#leaving);
    return () => {
      this.#leaving = setTimeout(() => void this.cancel().catch(() => {}), 0);
    };
  }

  #made(): UploadQueue {
    if (this.#queue) return this.#queue;
    const queue = createUploadQueue({
      ...this.#settings,
      // Read from the latest settings at each add: a prefix that follows the signed-in user, say.
      key: (picked) => this.#keyOf(picked),
      // Asked before every request: the provider of the session of the latest render.
      credentials: (options) => this.#getCredentials(options),
      // The callbacks of the latest render, as a component's handlers are.
      onFileDone: (item) => this.#settings.onFileDone?.(item),
      onFileError: (item) => this.#settings.onFileError?.(item),
    });
    queue.subscribe(() => this.#emit());
    this.#queue = queue;
    return queue;
  }

  #keyOf(picked: PickedFile): string {
    const { key, keyPrefix = '' } = this.#settings;
    return key ? key(picked) : defaultKeyOf(picked, keyPrefix);
  }

  /** A control applied to the queue (none before the first add), its change shown in the same render. */
  #now<T>(control: (queue: UploadQueue) => T): T | undefined {
    if (!this.#queue) return undefined;
    const out = control(this.#queue);
    this.#emit();
    return out;
  }

  #emit() {
    this.#listeners.forEach((l) => l());
  }
}
