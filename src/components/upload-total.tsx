// The whole batch at a glance, above <S3Uploader>'s list: one progress bar over every file not
// aborted, files done of all, bytes, rate and time left, and the buttons that act on every file.
import type { QueueItemStatus, QueueSnapshot } from '../s3/queue-types';
import { formatBytes, formatDuration } from './format';

/** The props of the batch's summary: the queue's state and its controls for every file. */
export interface UploadTotalProps {
  snapshot: QueueSnapshot;
  pause: () => void;
  resume: () => void;
  cancel: () => Promise<void>;
  clearFinished: () => void;
}

/** The batch's progress and its Pause all, Resume all, Cancel all and Clear finished buttons. */
export function UploadTotal({ snapshot, pause, resume, cancel, clearFinished }: UploadTotalProps) {
  const { items, loaded, total, filesDone, filesTotal, filesFailed, bytesPerSecond, secondsLeft, status } = snapshot;
  const has = (...statuses: QueueItemStatus[]) => items.some((i) => statuses.includes(i.status));
  const moving = status === 'uploading' || status === 'waiting-for-network';
  const allDone = filesTotal > 0 && filesDone === filesTotal;
  return (
    <div className="wik-upload-total" role="group" aria-label="All uploads">
      <progress max={total || 1} value={allDone ? total || 1 : loaded} aria-label="All uploads" />{' '}
      <span className="wik-total-files">
        {filesDone} of {filesTotal} {filesTotal === 1 ? 'file' : 'files'}
      </span>{' '}
      <span className="wik-total-bytes">
        {formatBytes(loaded)} of {formatBytes(total)}
        {moving && bytesPerSecond > 0 ? ` · ${formatBytes(Math.round(bytesPerSecond))}/s` : ''}
        {moving && secondsLeft !== undefined ? ` · ${formatDuration(secondsLeft)} left` : ''}
      </span>
      {filesFailed > 0 && <span className="wik-total-failed"> {filesFailed} failed</span>}{' '}
      {has('queued', 'uploading', 'waiting-for-network') && (
        <button type="button" className="wik-pause wik-pause-all" onClick={() => pause()}>
          Pause all
        </button>
      )}
      {has('paused') && (
        <button type="button" className="wik-resume wik-resume-all" onClick={() => resume()}>
          Resume all
        </button>
      )}
      {has('queued', 'uploading', 'waiting-for-network', 'paused', 'error') && (
        <button type="button" className="wik-cancel wik-cancel-all" onClick={() => void cancel().catch(() => {})}>
          Cancel all
        </button>
      )}
      {has('done', 'error', 'aborted') && (
        <button type="button" className="wik-clear-finished" onClick={clearFinished}>
          Clear finished
        </button>
      )}
    </div>
  );
}
