// useS3Upload(): one upload's life as React state, over uploadToS3 with the session's credentials.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UploadProgress } from '../s3/progress';
import { uploadToS3, type Upload, type UploadOptions, type UploadResult } from '../s3/upload';
import { useCredentialSession } from './context';

export type UploadStatus = 'idle' | 'uploading' | 'paused' | 'done' | 'error' | 'aborted';

/** Where uploads go, and how; everything but the body and the key. */
export type S3UploadSettings = Omit<UploadOptions, 'body' | 'key' | 'credentials' | 'onProgress' | 'signal'> & {
  /** Prepended to the file name when no key is given. */
  keyPrefix?: string;
};

export interface S3UploadState {
  /** Starts uploading a file (or bytes); resolves with the result, rejects with the typed error. */
  upload(
    body: File | Blob | Uint8Array,
    options?: { key?: string; contentType?: string; metadata?: Record<string, string> },
  ): Promise<UploadResult>;
  status: UploadStatus;
  progress?: UploadProgress;
  result?: UploadResult;
  error?: Error;
  pause(): void;
  resume(): void;
  abort(): Promise<void>;
}

export function useS3Upload(settings: S3UploadSettings): S3UploadState {
  const session = useCredentialSession();
  const [status, setStatus] = useState<UploadStatus>('idle');
  const [progress, setProgress] = useState<UploadProgress>();
  const [result, setResult] = useState<UploadResult>();
  const [error, setError] = useState<Error>();
  const current = useRef<Upload>(undefined);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  // An upload still running when the component goes away is aborted: nothing is left behind.
  // Deferred, so StrictMode's rehearsal unmount (followed at once by a remount) aborts nothing.
  const leaving = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    clearTimeout(leaving.current);
    return () => {
      leaving.current = setTimeout(() => void current.current?.abort().catch(() => {}), 0);
    };
  }, []);

  const upload = useCallback<S3UploadState['upload']>(
    async (body, options = {}) => {
      const { keyPrefix = '', ...s } = settingsRef.current;
      const name = typeof File !== 'undefined' && body instanceof File ? body.name : 'upload';
      setStatus('uploading');
      setProgress(undefined);
      setResult(undefined);
      setError(undefined);
      const up = uploadToS3({
        ...s,
        ...options,
        key: options.key ?? keyPrefix + name,
        body,
        credentials: session.getCredentials,
        onProgress: setProgress,
      });
      current.current = up;
      try {
        const r = await up.done;
        setResult(r);
        setStatus('done');
        return r;
      } catch (e) {
        setError(e as Error);
        setStatus(up.state === 'aborted' ? 'aborted' : 'error');
        throw e;
      }
    },
    [session],
  );

  return {
    upload,
    status,
    progress,
    result,
    error,
    pause: () => {
      current.current?.pause();
      if (current.current?.state === 'paused') setStatus('paused');
    },
    resume: () => {
      current.current?.resume();
      if (current.current?.state === 'running') setStatus('uploading');
    },
    abort: async () => {
      await current.current?.abort().catch(() => {});
    },
  };
}
