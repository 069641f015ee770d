// useS3UploadQueue(): many files under one limit of requests in flight, as React state, over one
// upload queue per component with the session's credentials. The queue lives in a QueueController;
// the result tracks which fields the component reads, so a component that shows only the file
// count is not re-rendered by every progress event.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { PickedFile } from '../s3/picked-files';
import type { QueueItem, QueueSnapshot } from '../s3/queue-types';
import { useCommitEffect } from './commit-effect';
import { useCredentialSession } from './context';
import { EMPTY_QUEUE, QueueController, type S3UploadQueueSettings } from './queue-controller';
import { sessionMethods } from './session-methods';
import { FieldTracker } from './tracked-fields';

export type { S3UploadQueueSettings } from './queue-controller';

/** What {@link useS3UploadQueue} returns: the batch's state (a {@link s3.QueueSnapshot | QueueSnapshot}) and its controls. */
export interface S3UploadQueueState extends QueueSnapshot {
  /**
   * Queues files (File, Blob, or a {@link s3.PickedFile | PickedFile} with its folder path, as
   * {@link s3.filesFromDrop | filesFromDrop} and {@link s3.filesFromInput | filesFromInput} give them)
   * and returns their items. The controls keep their identity across renders.
   *
   * @throws {@link s3.S3ValidationError | S3ValidationError} when a setting is bad (the queue is made
   *   with the settings at the first add).
   */
  add: (files: Iterable<File | Blob | PickedFile>) => QueueItem[];
  /** Pauses one file (by its item's id), or every file when no id is given. */
  pause: (id?: string) => void;
  /** Resumes one paused file, or every paused file. */
  resume: (id?: string) => void;
  /** Cancels one file, or every file not yet done; resolves once S3 keeps nothing of them. */
  cancel: (id?: string) => Promise<void>;
  /** Starts a failed file again. */
  retry: (id: string) => void;
  /** Removes finished, failed and canceled files from the state. */
  clearFinished: () => void;
}

const FIELDS = ['items', 'loaded', 'total', 'filesDone', 'filesTotal', 'filesFailed', 'bytesPerSecond', 'secondsLeft', 'status'] as const;
const getServerSnapshot = () => EMPTY_QUEUE;

/**
 * Many files uploaded under one limit of requests in flight, as React state: one upload queue
 * ({@link s3.createUploadQueue | createUploadQueue}) per component, with the credentials of the
 * nearest {@link StsProvider}'s session. The queue is made at the first `add()` with the settings
 * of the latest render; `key` and `keyPrefix` are read at each add, `onFileDone` and `onFileError`
 * when a file settles, the other settings are kept for the component's life (give the component a new React `key` to start over with new ones).
 * Files still uploading when the component unmounts are canceled (S3 keeps no multipart upload),
 * or with `resumable` paused: S3 keeps their parts, and the same files added again (on the next
 * mount, or after a reload) send only what is missing. With `resumable`, the uploads a reload cut
 * off come back on mount as paused items ({@link s3.UploadQueue.restore | restore}), each saying
 * in `resumeNeeds` what resuming it takes.
 * A component that never reads a field (say `items` or `bytesPerSecond`) is not re-rendered by
 * its changes.
 *
 * @throws Error when no StsProvider is above the component.
 *
 * @example
 * ```tsx
 * function Batch() {
 *   const { add, cancel, filesDone, filesTotal, loaded, total } = useS3UploadQueue({
 *     bucket: 'my-uploads',
 *     region: 'eu-west-1',
 *     keyPrefix: 'incoming/',
 *   });
 *   return (
 *     <>
 *       <input type="file" multiple onChange={(e) => e.target.files && add(filesFromInput(e.target.files))} />
 *       <progress value={loaded} max={total || 1} /> {filesDone} of {filesTotal} files
 *       <button onClick={() => void cancel()}>Cancel all</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useS3UploadQueue(settings: S3UploadQueueSettings): S3UploadQueueState {
  return useQueueController(settings)[0];
}

/** useS3UploadQueue's state, and the controller under it (S3Uploader presigns its links where the queue uploads). */
export function useQueueController(settings: S3UploadQueueSettings): [S3UploadQueueState, QueueController] {
  const session = useCredentialSession();
  const { getCredentials } = sessionMethods(session);
  const [controller] = useState(() => new QueueController({ settings, getCredentials }));
  const [tracker] = useState(() => new FieldTracker<QueueSnapshot>());
  const getSnapshot = useCallback(() => tracker.select(controller, controller.getSnapshot()), [controller, tracker]);
  const snapshot = useSyncExternalStore(controller.subscribe, getSnapshot, getServerSnapshot);

  useCommitEffect(() => controller.takeSettings({ settings, getCredentials }));
  useEffect(() => controller.mounted(), [controller]);
  // With `resumable`, what a reload cut off comes back as paused items (the queue restores once).
  useEffect(() => void controller.restore().catch(() => {}), [controller]);

  const state = useMemo(() => {
    const { add, pause, resume, cancel, retry, clearFinished } = controller;
    return tracker.expose({ add, pause, resume, cancel, retry, clearFinished }, snapshot, FIELDS);
  }, [controller, tracker, snapshot]);
  return [state, controller];
}
