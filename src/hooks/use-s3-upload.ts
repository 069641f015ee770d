// useS3Upload(): one upload's life as React state, over uploadToS3 with the session's credentials.
// The state lives in an UploadController; the result tracks which fields the component reads, so
// a component that shows only `status` is not re-rendered by every progress event.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { UploadProgress } from '../s3/progress';
import type { UploadResult } from '../s3/upload';
import { useCommitEffect } from './commit-effect';
import { useCredentialSession } from './context';
import { sessionMethods } from './session-methods';
import { FieldTracker } from './tracked-fields';
import { IDLE, UploadController, type S3UploadSettings, type UploadSnapshot, type UploadStatus } from './upload-controller';

export type { S3UploadSettings, UploadStatus } from './upload-controller';

/** What {@link useS3Upload} returns: one upload's state and controls. */
export interface S3UploadState {
  /** Starts uploading a file (or bytes); resolves with the result, rejects with the typed error. */
  upload: (
    body: File | Blob | Uint8Array,
    options?: { key?: string; contentType?: string; metadata?: Record<string, string> },
  ) => Promise<UploadResult>;
  status: UploadStatus;
  /** Read it only where it is shown: a component that never reads it is not re-rendered by progress. */
  progress?: UploadProgress;
  /** The finished upload's result, once status is 'done'. */
  result?: UploadResult;
  /** Why the upload failed, once status is 'error' (S3UploadError, S3CorsError, ...). */
  error?: Error;
  /** Pauses the upload: no new request starts. upload, pause, resume and abort keep their identity across renders. */
  pause: () => void;
  /** Continues a paused upload. */
  resume: () => void;
  /** Aborts the upload and removes what it stored (AbortMultipartUpload). */
  abort: () => Promise<void>;
}

const FIELDS = ['status', 'progress', 'result', 'error'] as const;
const getServerSnapshot = () => IDLE;

/**
 * One upload's life as React state, over {@link s3.uploadToS3 | uploadToS3} with the session's
 * credentials (from the nearest {@link StsProvider}). Settings are read when an upload starts, so
 * they may change between renders; defaults are those of uploadToS3 ({@link s3.S3_DEFAULTS | S3_DEFAULTS}).
 * A component that never reads `progress` is not re-rendered by it.
 * An upload still running when the component unmounts is aborted, or with a `resumeKey` paused
 * (S3 keeps its parts; the same body uploaded again with that resumeKey sends only the rest).
 *
 * @throws Error when no StsProvider is above the component. `upload()` rejects with the errors of
 *   uploadToS3 (e.g. {@link s3.S3ValidationError | S3ValidationError} for a bad option).
 *
 * @example
 * ```tsx
 * function Attach() {
 *   const { upload, status, progress } = useS3Upload({ bucket: 'my-uploads', region: 'eu-west-1', keyPrefix: 'incoming/' });
 *   return (
 *     <>
 *       <input type="file" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0]).catch(() => {})} />
 *       {status === 'uploading' && <progress value={progress?.loaded} max={progress?.total} />}
 *     </>
 *   );
 * }
 * ```
 */
export function useS3Upload(settings: S3UploadSettings): S3UploadState {
  const session = useCredentialSession();
  const [controller] = useState(() => new UploadController(settings));
  const [tracker] = useState(() => new FieldTracker<UploadSnapshot>());
  const getSnapshot = useCallback(() => tracker.select(controller, controller.getSnapshot()), [controller, tracker]);
  const snapshot = useSyncExternalStore(controller.subscribe, getSnapshot, getServerSnapshot);

  useCommitEffect(() => controller.takeSettings(settings));
  useEffect(() => controller.mounted(), [controller]);

  const upload = useCallback<S3UploadState['upload']>(
    (body, options) => controller.upload(sessionMethods(session).getCredentials, body, options),
    [controller, session],
  );

  return useMemo(() => {
    const { pause, resume, abort } = controller;
    return tracker.expose({ upload, pause, resume, abort }, snapshot, FIELDS);
  }, [controller, tracker, snapshot, upload]);
}
