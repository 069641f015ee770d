// One file of <S3Uploader>'s list: its name (with its path in a dropped folder), a progress bar
// with bytes, its status, the buttons that fit it, then its key and a presigned download link, or
// its error. Memoised: a row is rendered again only when its own item changes (the queue replaces
// an item whole on each of its changes and keeps the others).
import { memo, useEffect, useState } from 'react';
import type { QueueItem } from '../s3/queue-types';
import type { UploadResult } from '../s3/upload';
import { hintOf } from '../shared/errors';
import { cx } from './class-names';
import { formatBytes } from './format';

/** What a row says for a status: the status itself, but in words where a user would not read it. */
export const statusText = (status: QueueItem['status']): string => (status === 'waiting-for-network' ? 'Waiting for the network…' : status);

/** The name a row shows: the path in its folder, else the file's name, else (a Blob) the key. */
export const nameOf = (item: QueueItem) => item.relativePath || (item.file instanceof File ? item.file.name : item.key);

/** The props of a row: its item, the queue's controls (stable) and how to make a download link. */
export interface UploadRowProps {
  item: QueueItem;
  pause: (id: string) => void;
  resume: (id: string) => void;
  cancel: (id: string) => Promise<void>;
  retry: (id: string) => void;
  /** A presigned GET for a finished upload; undefined when none can be made. */
  linkFor: (result: UploadResult) => Promise<string | undefined>;
}

const ACTIVE = new Set<QueueItem['status']>(['queued', 'uploading', 'waiting-for-network']);

function Row({ item, pause, resume, cancel, retry, linkFor }: UploadRowProps) {
  const { id, status, loaded, total, result, error } = item;
  const name = nameOf(item);
  const hint = hintOf(error);
  const link = useDownloadLink(result, linkFor);
  const done = status === 'done';
  return (
    <li className={cx('wik-upload', `wik-upload-${status}`)}>
      <span className="wik-file-name">{name}</span>{' '}
      <progress max={total || 1} value={done ? total || 1 : loaded} aria-label={`Upload of ${name}`} />{' '}
      <span className="wik-upload-bytes">
        {formatBytes(done ? total : loaded)} of {formatBytes(total)}
      </span>{' '}
      <span className="wik-upload-status" role="status">
        {statusText(status)}
      </span>{' '}
      {ACTIVE.has(status) && (
        <button type="button" className="wik-pause" onClick={() => pause(id)}>
          Pause
        </button>
      )}
      {status === 'paused' && item.resumeNeeds !== 'file' && (
        <button type="button" className="wik-resume" onClick={() => resume(id)}>
          Resume
        </button>
      )}
      {status === 'paused' && item.resumeNeeds === 'file' && <span className="wik-resume-needs-file">Pick the file again to resume</span>}
      {status === 'error' && (
        <button type="button" className="wik-retry" onClick={() => retry(id)}>
          Retry
        </button>
      )}
      {(ACTIVE.has(status) || status === 'paused' || status === 'error') && (
        <button type="button" className="wik-cancel" onClick={() => void cancel(id).catch(() => {})}>
          Cancel
        </button>
      )}
      {result && (
        <span className="wik-upload-result">
          {' '}
          <code>{result.key}</code>{' '}
          {link && (
            <a href={link} download={item.file instanceof File ? item.file.name : undefined}>
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

/** A presigned download link for a finished upload, made once it has finished. */
function useDownloadLink(result: UploadResult | undefined, linkFor: UploadRowProps['linkFor']): string | undefined {
  const [link, setLink] = useState<{ for: UploadResult; url?: string }>();
  useEffect(() => {
    if (!result) return;
    let live = true;
    void linkFor(result).then((url) => live && setLink({ for: result, url }));
    return () => void (live = false);
  }, [result, linkFor]);
  return link?.for === result ? link?.url : undefined;
}

/** One file of {@link S3Uploader}'s list. */
export const UploadRow = memo(Row);
