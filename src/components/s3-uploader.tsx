// <S3Uploader>: pick or drop files; each gets a progress bar with bytes and rate, pause, resume
// and cancel, then its key and a presigned download link. Unstyled: class names to hook onto.
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { presignS3Url } from '../s3/presign';
import type { UploadResult } from '../s3/upload';
import { useCredentialSession } from '../hooks/context';
import { sessionMethods } from '../hooks/session-methods';
import { useS3Upload, type S3UploadSettings } from '../hooks/use-s3-upload';
import { hintOf } from '../shared/errors';
import { cx } from './class-names';

/** The props of {@link S3Uploader}: where uploads go ({@link S3UploadSettings}) and how the picker behaves. */
export interface S3UploaderProps extends S3UploadSettings {
  /** Allow several files at once. Default true. */
  multiple?: boolean;
  /** The file input's accept filter, e.g. 'image/*'. Default: any file. */
  accept?: string;
  /** Added to the root element's class names. */
  className?: string;
  /** Seconds the download links last. Default 900. */
  linkExpiresIn?: number;
  /** Called when a file's upload has finished. */
  onUploaded?: (result: UploadResult) => void;
  /** An upload failed for good (not when the user cancelled it). With a CORS rule that hides
   * ETag, the object may be stored all the same: S3CorsError says how to fix the rule. */
  onUploadError?: (error: Error, file: File) => void;
  /** The picker's label. Default 'Choose files to upload'. */
  label?: string;
}

/** A byte count for people: `512 B`, `1.5 KB`, `12.3 MB`, `1.25 GB` (powers of 1024). */
export const formatBytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KB`
      : n < 1024 ** 3
        ? `${(n / 1024 ** 2).toFixed(1)} MB`
        : `${(n / 1024 ** 3).toFixed(2)} GB`;

// Each added file gets its row's key once, when it is added: unique for the page's life, so two
// drops in one millisecond never share a key (a shared key would mix up their rows' uploads).
let nextRowId = 0;

/**
 * A file picker with drop zone: each file gets a row with a progress bar (bytes and rate), pause,
 * resume and cancel, then its key and a presigned download link. Unstyled apart from class names
 * (`wik-uploader`, ...; see web-identity-kit/styles.css). Needs a {@link StsProvider} above it.
 */
export function S3Uploader({
  multiple = true,
  accept,
  className,
  linkExpiresIn = 900,
  onUploaded,
  onUploadError,
  label = 'Choose files to upload',
  ...settings
}: S3UploaderProps) {
  const [files, setFiles] = useState<{ id: number; file: File }[]>([]);
  const [dragging, setDragging] = useState(false);
  const inputId = useId();
  const add = (list: FileList | null) => {
    if (!list?.length) return;
    const added = Array.from(list, (file) => ({ id: nextRowId++, file }));
    setFiles((f) => [...f, ...added]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };
  return (
    <section className={cx('wik-uploader', className)} aria-label="Upload to S3">
      <div
        className={cx('wik-drop-zone', dragging && 'wik-dragging')}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId}>{label}</label>{' '}
        <input
          id={inputId}
          type="file"
          multiple={multiple}
          accept={accept}
          onChange={(e) => (add(e.target.files), (e.target.value = ''))}
        />
        <span className="wik-drop-hint"> or drop them here</span>
      </div>
      <ul className="wik-upload-list">
        {files.map(({ id, file }) => (
          <UploadRow
            key={id}
            file={file}
            settings={settings}
            linkExpiresIn={linkExpiresIn}
            onUploaded={onUploaded}
            onUploadError={onUploadError}
          />
        ))}
      </ul>
    </section>
  );
}

type RowProps = Pick<S3UploaderProps, 'onUploaded' | 'onUploadError'> & { file: File; settings: S3UploadSettings; linkExpiresIn: number };

function UploadRow({ file, settings, linkExpiresIn, onUploaded, onUploadError }: RowProps) {
  const session = useCredentialSession();
  const { upload, status, progress, result, error, pause, resume, abort } = useS3Upload(settings);
  const hint = hintOf(error);
  const [link, setLink] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice; the file is uploaded once
    started.current = true;
    upload(file).then(
      async (r) => {
        onUploaded?.(r);
        setLink(
          await presignS3Url({
            ...settings,
            method: 'GET',
            bucket: r.bucket,
            key: r.key,
            credentials: sessionMethods(session).getCredentials,
            expiresIn: linkExpiresIn,
          }).catch(() => undefined),
        );
      },
      (e: Error) => {
        // Shown below; a cancel is the user's own doing, not an error to report.
        if (e?.name !== 'AbortError') onUploadError?.(e, file);
      },
    );
    // One upload per row, started when the row appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const loaded = progress?.loaded ?? 0;
  const total = progress?.total ?? file.size;
  return (
    <li className={cx('wik-upload', `wik-upload-${status}`)}>
      <span className="wik-file-name">{file.name}</span>{' '}
      <progress max={total || 1} value={status === 'done' ? total || 1 : loaded} aria-label={`Upload of ${file.name}`} />{' '}
      <span className="wik-upload-bytes">
        {formatBytes(status === 'done' ? total : loaded)} of {formatBytes(total)}
        {status === 'uploading' && progress ? ` · ${formatBytes(Math.round(progress.bytesPerSecond))}/s` : ''}
      </span>{' '}
      <span className="wik-upload-status" role="status">
        {status}
      </span>{' '}
      {status === 'uploading' && (
        <button type="button" className="wik-pause" onClick={pause}>
          Pause
        </button>
      )}
      {status === 'paused' && (
        <button type="button" className="wik-resume" onClick={resume}>
          Resume
        </button>
      )}
      {(status === 'uploading' || status === 'paused') && (
        <button type="button" className="wik-cancel" onClick={() => void abort()}>
          Cancel
        </button>
      )}
      {result && (
        <span className="wik-upload-result">
          {' '}
          <code>{result.key}</code>{' '}
          {link && (
            <a href={link} download={file.name}>
              Download
            </a>
          )}
        </span>
      )}
      {status === 'error' && error && (
        <p className="wik-upload-alert" role="alert">
          {error.message}
          {hint ? <span className="wik-hint"> {hint}</span> : null}
        </p>
      )}
    </li>
  );
}
