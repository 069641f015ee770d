// useS3Upload(): one upload's life as React state, over uploadToS3 with the session's credentials.
// The state lives in an UploadController; the result tracks which fields the component reads, so
// a component that shows only `status` is not re-rendered by every progress event.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { UploadProgress } from '../s3/progress';
import type { UploadResult } from '../s3/upload';
import { useCredentialSession } from './context';
import { sessionMethods } from './session-methods';
import { FieldTracker } from './tracked-fields';
import { IDLE, UploadController, type S3UploadSettings, type UploadSnapshot, type UploadStatus } from './upload-controller';

export type { S3UploadSettings, UploadStatus } from './upload-controller';

export interface S3UploadState {
  /** Starts uploading a file (or bytes); resolves with the result, rejects with the typed error. */
  upload: (
    body: File | Blob | Uint8Array,
    options?: { key?: string; contentType?: string; metadata?: Record<string, string> },
  ) => Promise<UploadResult>;
  status: UploadStatus;
  /** Read it only where it is shown: a component that never reads it is not re-rendered by progress. */
  progress?: UploadProgress;
  result?: UploadResult;
  error?: Error;
  /** upload, pause, resume and abort keep their identity across renders. */
  pause: () => void;
  resume: () => void;
  abort: () => Promise<void>;
}

const FIELDS = ['status', 'progress', 'result', 'error'] as const;
const getServerSnapshot = () => IDLE;

// The settings an upload starts with are handed over after each commit, not made dependencies of
// upload(). A layout effect where there is a DOM, so it runs before the component's own effects
// (UploadRow starts its upload from one); React 18 warns about layout effects in server renders.
const useCommitEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

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
