// One upload's life outside React: its state (a small store that components subscribe to), the
// upload in flight and the settings it starts with. useS3Upload holds one per component and only
// passes React's events in, so its callbacks never change and nothing here is read during render.
import type { UploadProgress } from '../s3/progress';
import { uploadToS3, type Upload, type UploadOptions, type UploadResult, type UploadState } from '../s3/upload';
import { Controller } from './controller';

/**
 * Where an upload stands, as useS3Upload reports it. 'waiting-for-network': the browser is
 * offline; the upload sends nothing and spends no retry until it is back, then continues.
 */
export type UploadStatus = 'idle' | 'uploading' | 'paused' | 'waiting-for-network' | 'done' | 'error' | 'aborted';

/** Where uploads go, and how; everything but the body and the key. */
export type S3UploadSettings = Omit<UploadOptions, 'body' | 'key' | 'credentials' | 'onProgress' | 'onStateChange' | 'signal'> & {
  /** Prepended to the file name when no key is given. */
  keyPrefix?: string;
};

/** One upload's state: what useS3Upload's result reads its fields from. */
export interface UploadSnapshot {
  status: UploadStatus;
  progress?: UploadProgress;
  result?: UploadResult;
  error?: Error;
}

/** What can be uploaded. */
export type UploadBody = File | Blob | Uint8Array;
/** Per-upload choices, on top of the settings. */
export interface UploadCallOptions {
  key?: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

/** Before the first upload. */
export const IDLE: UploadSnapshot = Object.freeze({ status: 'idle' as const });

/**
 * The status an upload's state shows while it lasts; 'done' and 'failed' come with the result or
 * the error, when `done` settles. An abort shows at once, even while AbortMultipartUpload waits
 * for the network.
 */
const SHOWN: Partial<Record<UploadState, UploadStatus>> = {
  running: 'uploading',
  paused: 'paused',
  'waiting-for-network': 'waiting-for-network',
  aborted: 'aborted',
};

/** One component's upload: its state store, the upload in flight and the settings to start with. */
export class UploadController extends Controller<S3UploadSettings> {
  #state = IDLE;
  #current?: Upload;
  /** Whether the current upload was started with a resumeKey. */
  #resumable = false;

  getSnapshot = (): UploadSnapshot => this.#state;

  async upload(credentials: UploadOptions['credentials'], body: UploadBody, options: UploadCallOptions = {}): Promise<UploadResult> {
    const { keyPrefix = '', ...s } = this.latest;
    const name = typeof File !== 'undefined' && body instanceof File ? body.name : 'upload';
    this.#set({ status: 'uploading', progress: undefined, result: undefined, error: undefined });
    const up = uploadToS3({
      ...s,
      ...options,
      key: options.key ?? keyPrefix + name,
      body,
      credentials,
      onProgress: (progress) => this.#set({ progress }),
      // An earlier upload of this component, still winding down, no longer speaks for it.
      onStateChange: (state) => this.#current === up && this.#show(state),
    });
    this.#current = up;
    this.#resumable = Boolean(s.resumeKey);
    this.#show(up.state); // offline from the start
    try {
      const result = await up.done;
      this.#set({ result, status: 'done' });
      return result;
    } catch (e) {
      this.#set({ error: e as Error, status: up.state === 'aborted' ? 'aborted' : 'error' });
      throw e;
    }
  }

  // The upload tells of its new state (onStateChange).
  pause = (): void => this.#current?.pause();

  resume = (): void => this.#current?.resume();

  abort = async (): Promise<void> => {
    await this.#current?.abort().catch(() => {});
  };

  /**
   * An upload still running when the component goes away stops. One with a resumeKey pauses, as a
   * reload would cut it off: S3 keeps its parts, and the same body uploaded again with that
   * resumeKey sends only what is missing. Any other is aborted, so nothing is left behind.
   */
  protected leave(): void {
    if (this.#resumable) this.pause();
    else void this.abort();
  }

  #show(state: UploadState) {
    const status = SHOWN[state];
    if (status && status !== this.#state.status) this.#set({ status });
  }

  #set(change: Partial<UploadSnapshot>) {
    this.#state = { ...this.#state, ...change };
    this.emit();
  }
}
