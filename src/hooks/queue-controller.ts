// One component's upload queue outside React: the queue itself (made at the first add, so nothing
// is made during render or on the server), its snapshot for useSyncExternalStore, and the
// controls, bound once so their identities never change. useS3UploadQueue holds one per component.
import type { PickedFile } from '../s3/picked-files';
import { createUploadQueue } from '../s3/queue';
import { defaultKeyOf } from '../s3/queue-input';
import type { QueueItem, QueueSnapshot, UploadQueue, UploadQueueOptions } from '../s3/queue-types';
import { Controller } from './controller';
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

/** What a queue reads from the latest render: its settings, and the session's credential provider. */
export interface QueueProps {
  settings: S3UploadQueueSettings;
  getCredentials: GetCredentials;
}

/** One component's queue: made on the first add, then its snapshot, controls and end with the component. */
export class QueueController extends Controller<QueueProps> {
  #queue?: UploadQueue;
  #madeWith?: S3UploadQueueSettings;

  getSnapshot = (): QueueSnapshot => this.#queue?.getSnapshot() ?? EMPTY_QUEUE;

  /** Where the queue uploads: the settings it was made with (before the first add, the latest, which it will be made with). */
  settings = (): S3UploadQueueSettings => this.#madeWith ?? this.latest.settings;

  /** The credential provider of the session of the latest render: asked before every request. */
  credentials: GetCredentials = (options) => this.latest.getCredentials(options);

  add = (files: Iterable<File | Blob | PickedFile>): QueueItem[] => {
    const items = this.#made().add(files);
    // Now, not on the queue's next microtask: the rows appear in the event's own render.
    this.emit();
    return items;
  };
  pause = (id?: string): void => this.#now((q) => q.pause(id));
  resume = (id?: string): void => this.#now((q) => q.resume(id));
  cancel = (id?: string): Promise<void> => this.#now((q) => q.cancel(id)) ?? Promise.resolve();
  retry = (id: string): void => this.#now((q) => q.retry(id));
  clearFinished = (): void => this.#now((q) => q.clearFinished());

  /**
   * On mount, with `resumable`: the uploads a reload cut off come back as rows (the queue is made
   * now, with the settings of the first render). Once per component; without `resumable`, nothing.
   */
  restore = (): Promise<QueueItem[]> => {
    if (!this.latest.settings.resumable) return Promise.resolve([]);
    return this.#made().restore();
  };

  /**
   * What is still running when the component goes away stops. A resumable queue pauses it, as a
   * reload would cut it off: S3 keeps the parts, and the same files added again (on the next
   * mount, or after a reload) send only what is missing. Otherwise it is canceled, so S3 keeps no
   * multipart upload of it.
   */
  protected leave(): void {
    if (this.#madeWith?.resumable) this.pause();
    else void this.cancel().catch(() => {});
  }

  #made(): UploadQueue {
    if (this.#queue) return this.#queue;
    this.#madeWith = this.latest.settings;
    const queue = createUploadQueue({
      ...this.#madeWith,
      // Read from the latest settings at each add: a prefix that follows the signed-in user, say.
      key: (picked) => this.#keyOf(picked),
      credentials: this.credentials,
      // The callbacks of the latest render, as a component's handlers are.
      onFileDone: (item) => this.latest.settings.onFileDone?.(item),
      onFileError: (item) => this.latest.settings.onFileError?.(item),
    });
    queue.subscribe(() => this.emit());
    this.#queue = queue;
    return queue;
  }

  #keyOf(picked: PickedFile): string {
    const { key, keyPrefix = '' } = this.latest.settings;
    return key ? key(picked) : defaultKeyOf(picked, keyPrefix);
  }

  /** A control applied to the queue (none before the first add), its change shown in the same render. */
  #now<T>(control: (queue: UploadQueue) => T): T | undefined {
    if (!this.#queue) return undefined;
    const out = control(this.#queue);
    this.emit();
    return out;
  }
}
