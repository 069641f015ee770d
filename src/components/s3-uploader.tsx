// <S3Uploader>: pick or drop files, or whole folders; they go into one upload queue, under one
// limit of requests in flight. A summary shows the batch (files done, bytes, rate, time left, and
// Pause all, Resume all, Cancel all); each file gets a row with its progress, pause, resume,
// cancel and retry, then its key and a presigned download link. Unstyled: class names to hook onto.
import { useCallback, useId, useRef, useState, type ChangeEvent, type DragEvent, type MouseEvent } from 'react';
import { canPickFileHandles, pickFiles } from '../s3/file-handles';
import { filesFromDrop, filesFromInput, type PickedFile } from '../s3/picked-files';
import { presignS3Url } from '../s3/presign';
import type { UploadResult } from '../s3/upload';
import { useCommitEffect } from '../hooks/commit-effect';
import type { QueueController } from '../hooks/queue-controller';
import { hintOf, WebIdentityKitError } from '../shared/errors';
import { useQueueController, type S3UploadQueueSettings } from '../hooks/use-s3-upload-queue';
import { cx } from './class-names';
import { UploadRow } from './upload-row';
import { UploadTotal } from './upload-total';

/**
 * The props of {@link S3Uploader}: where uploads go and how ({@link S3UploadQueueSettings}: `concurrency`
 * is the limit of requests in flight across all files; its `key` is `objectKey` here, React keeping
 * `key` for itself), and how the pickers behave.
 */
export interface S3UploaderProps extends Omit<S3UploadQueueSettings, 'key' | 'onFileDone' | 'onFileError'> {
  /** Each file's key. Default: keyPrefix + the file's path in its folder, else its name. */
  objectKey?: S3UploadQueueSettings['key'];
  /** Allow several files at once in the file picker. Default true. */
  multiple?: boolean;
  /** The file input's accept filter, e.g. 'image/*'. Default: any file. */
  accept?: string;
  /** Added to the root element's class names. */
  className?: string;
  /** Seconds the download links last. Default 900. */
  linkExpiresIn?: number;
  /** Called when a file's upload has finished. */
  onUploaded?: (result: UploadResult) => void;
  /** An upload failed (not when the user cancelled it); it can be retried from its row. With a
   * CORS rule that hides ETag, the object may be stored all the same: S3CorsError says how to fix the rule. */
  onUploadError?: (error: Error, file: File) => void;
  /** The file picker's label. Default 'Choose files to upload'. */
  label?: string;
  /**
   * Offer a folder picker too (`<input webkitdirectory>`): every file in the chosen folder is
   * uploaded, its key keeping its path in the folder. Dropped folders are taken either way. Default false.
   */
  folders?: boolean;
  /** The folder picker's label. Default 'Choose a folder'. */
  folderLabel?: string;
}

// Not in React's types for <input>: Chromium, Firefox and Safari all have it.
const FOLDER_PICKER = { webkitdirectory: '' };

/**
 * A file picker with drop zone that uploads every file through one upload queue
 * ({@link useS3UploadQueue}): many files and dropped folders (keys keep each file's path in its
 * folder), one limit of requests in flight across them, a summary with the batch's progress,
 * rate and time left and Pause all / Resume all / Cancel all, and a row per file with its
 * progress, pause, resume, cancel and retry, then its key and a presigned download link.
 * Unstyled apart from class names (`wik-uploader`, ...; see web-identity-kit/styles.css).
 * Needs a {@link StsProvider} above it. Files still uploading when it unmounts are canceled, or
 * with `resumable` paused (S3 keeps their parts for the same files added again). With `resumable`,
 * the uploads a reload cut off come back as rows: "Resume" where the file can be read again (its
 * bytes kept with `keepBytes`, or, in Chromium, its file handle: files are picked with
 * showOpenFilePicker then, unless `accept` is set), else "Pick the file again to resume".
 */
export function S3Uploader({
  multiple = true,
  accept,
  className,
  linkExpiresIn = 900,
  onUploaded,
  onUploadError,
  label = 'Choose files to upload',
  folders = false,
  folderLabel = 'Choose a folder',
  objectKey,
  ...rest
}: S3UploaderProps) {
  const settings: S3UploadQueueSettings = {
    ...rest,
    key: objectKey,
    // Told by the queue as each file settles (a cancel is the user's own doing, not an error to report).
    onFileDone: (item) => item.result && onUploaded?.(item.result),
    onFileError: (item) => item.error && item.file instanceof File && onUploadError?.(item.error, item.file),
  };
  const [queue, controller] = useQueueController(settings);
  const { add, pause, resume, cancel, retry, clearFinished, items } = queue;
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<Error>();
  const inputId = useId();
  const linkFor = useLinkMaker(controller, linkExpiresIn);

  const addAll = (picked: PickedFile[]) => {
    if (!picked.length) return;
    try {
      add(picked);
      setProblem(undefined);
    } catch (e) {
      setProblem(e as Error); // a bad setting: S3ValidationError says which and what to do
    }
  };
  // Resumable, and the browser gives files with their handles (Chromium): its own picker, so that
  // after a reload a file resumes from a click, without being picked again. Not with `accept`,
  // which showOpenFilePicker takes in another form.
  const onFileClick = (e: MouseEvent<HTMLInputElement>) => {
    if (!rest.resumable || accept !== undefined || !canPickFileHandles()) return;
    e.preventDefault();
    pickFiles({ multiple }).then(addAll, (error: Error) => setProblem(error));
  };
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    addAll(filesFromInput(e.target.files ?? []));
    e.target.value = ''; // the same file picked again is a new upload
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    // Now, inside the handler: the browser empties dataTransfer once it returns.
    filesFromDrop(e.dataTransfer).then(addAll, (error: unknown) => setProblem(unreadableDrop(error)));
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
        <input id={inputId} type="file" multiple={multiple} accept={accept} onChange={onPick} onClick={onFileClick} />
        {folders && (
          <>
            {' '}
            <label htmlFor={`${inputId}-folder`}>{folderLabel}</label>{' '}
            <input id={`${inputId}-folder`} type="file" className="wik-folder-input" {...FOLDER_PICKER} onChange={onPick} />
          </>
        )}
        <span className="wik-drop-hint"> or drop them here</span>
      </div>
      {problem && (
        <p className="wik-upload-alert" role="alert">
          {problem.message}
          {hintOf(problem) ? <span className="wik-hint"> {hintOf(problem)}</span> : null}
        </p>
      )}
      {items.length > 0 && <UploadTotal snapshot={queue} pause={pause} resume={resume} cancel={cancel} clearFinished={clearFinished} />}
      <ul className="wik-upload-list">
        {items.map((item) => (
          <UploadRow key={item.id} item={item} pause={pause} resume={resume} cancel={cancel} retry={retry} linkFor={linkFor} />
        ))}
      </ul>
    </section>
  );
}

/**
 * A drop whose files could not be read (one moved or deleted since, a folder the browser may not
 * read): the browser's bare DOMException would not say it was the drop, nor what to do.
 */
function unreadableDrop(cause: unknown): WebIdentityKitError {
  // A DOMException, which is no Error in every realm (jsdom's is not): read by its fields.
  const { name, message } = (cause ?? {}) as { name?: unknown; message?: unknown };
  const why = typeof message === 'string' ? ` (${typeof name === 'string' ? `${name}: ` : ''}${message})` : '';
  return new WebIdentityKitError(
    'DropError',
    `The dropped files could not be read${why}`,
    'Drop the files again, or choose them with the file picker.',
    { cause },
  );
}

/**
 * A presigned GET for a finished upload, where the queue uploaded it (the settings it was made
 * with, which later renders do not change) and with the latest expiry; its identity never changes.
 */
function useLinkMaker(controller: QueueController, expiresIn: number) {
  const latest = useRef(expiresIn);
  useCommitEffect(() => {
    latest.current = expiresIn;
  });
  return useCallback(
    (r: UploadResult): Promise<string | undefined> => {
      const { region, endpoint, forcePathStyle } = controller.settings();
      const where = { region, endpoint, forcePathStyle, bucket: r.bucket, key: r.key };
      return presignS3Url({ ...where, method: 'GET', credentials: controller.credentials, expiresIn: latest.current }).catch(
        () => undefined,
      );
    },
    [controller],
  );
}
