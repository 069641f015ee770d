// A resumable queue's files across a reload. While a file uploads, its resume record also says
// where the file is (its name, size and dates, its FileSystemFileHandle where the browser gave
// one) and, with keepBytes, its contents are kept beside it. After a reload, restore() makes each
// unfinished record of the queue's bucket a file again: from the kept bytes, from a handle the
// page may read, or, until the user grants permission or picks the file again, a placeholder of
// its name that says what resuming needs. Never a credential: the records hold none.
import { S3_DEFAULTS } from './defaults';
import type { ObjectAddress } from './address';
import { S3ValidationError } from './errors';
import { readPermission } from './file-handles';
import { abortMultipartUpload } from './multipart';
import type { RequestContext } from './request';
import type { ResumeRecord, ResumeSource, ResumeStore } from './resume-store';

/**
 * What resuming a restored file needs: 'nothing' (its bytes were kept, or the page may read its
 * handle), 'permission' (its handle, read after one prompt from the user's click), or 'file' (the
 * user picks the same file again: adding it replaces the restored item).
 */
export type ResumeNeeds = 'nothing' | 'permission' | 'file';

/** The resumeKey of a queue's file. */
export const queueResumeKey = (bucket: string, key: string): string => `upload-queue:${bucket}/${key}`;

/** The largest file whose bytes are kept, from the queue's `keepBytes`; undefined when none are. */
export function keepLimitOf(keepBytes: boolean | number | undefined): number | undefined {
  if (keepBytes === undefined || keepBytes === false) return undefined;
  if (keepBytes === true) return S3_DEFAULTS.keepBytesUpTo;
  if (typeof keepBytes === 'number' && Number.isFinite(keepBytes) && keepBytes >= 0) return keepBytes;
  throw new S3ValidationError(
    'keepBytes',
    `must be true, false or a number of bytes (0 or more); got ${String(keepBytes)}`,
    `true keeps files up to ${S3_DEFAULTS.keepBytesUpTo} bytes (S3_DEFAULTS.keepBytesUpTo).`,
  );
}

/** What a queue's file is, for its record: undefined for a Blob (nothing to find it again by). */
export function sourceOf(file: File | Blob, relativePath: string, handle?: FileSystemFileHandle): ResumeSource | undefined {
  if (typeof File === 'undefined' || !(file instanceof File)) return undefined;
  const { name, size, type, lastModified } = file;
  return { name, size, type, lastModified, relativePath, ...(handle && { handle }) };
}

/**
 * `store` for one file's upload: each record it keeps says where the file is, and the first one
 * also keeps `body` apart (once, not with every part). A body the store cannot keep (its quota
 * full, say) costs only the resume without the picker: the upload and its record go on.
 */
export function keepingSource(store: ResumeStore, source: ResumeSource | undefined, body: Blob | undefined): ResumeStore {
  if (!source) return store;
  let kept: Promise<unknown> | undefined;
  return {
    get: (k) => store.get(k),
    put: (k, record) => {
      if (body && store.putBody) kept ??= store.putBody(k, body).catch(() => {});
      return store.put(k, { ...record, source });
    },
    // After the body is written, or it would outlive its record.
    delete: async (k) => (await kept, store.delete(k)),
  };
}

/** One file of a restored batch. */
export interface RestoredFile {
  key: string;
  relativePath: string;
  /** The file itself, or (needs 'permission' or 'file') an empty File of its name and type. */
  file: File;
  size: number;
  /** Bytes of the parts S3 had when the record was last written. */
  loaded: number;
  needs: ResumeNeeds;
  handle?: FileSystemFileHandle;
  /** Made of the kept bytes: no need to keep them again. */
  fromBody: boolean;
  /** The multipart upload S3 keeps for it, to abort if the user cancels it instead. */
  uploadId: string;
}

/** The unfinished uploads of `bucket`'s queue in `store`, but those of `busy` keys, made files again where they can be. */
export async function restoredFiles(store: ResumeStore, bucket: string, busy: Set<string>): Promise<RestoredFile[]> {
  const prefix = queueResumeKey(bucket, '');
  const mine = ((await store.entries?.()) ?? []).filter(
    ([k, r]) => k.startsWith(prefix) && r.bucket === bucket && r.source && !busy.has(r.key),
  );
  return Promise.all(mine.map(([k, r]) => restoredFile(store, k, r, r.source!)));
}

async function restoredFile(store: ResumeStore, resumeKey: string, r: ResumeRecord, source: ResumeSource): Promise<RestoredFile> {
  const { name, size, type, lastModified, relativePath, handle } = source;
  const loaded = Math.min(size, Object.keys(r.parts).length * r.partSize);
  const base = { key: r.key, relativePath, size, loaded, uploadId: r.uploadId, ...(handle && { handle }), fromBody: false };
  const as = (parts: BlobPart[]) => new File(parts, name, { type, lastModified });
  const body = await store.getBody?.(resumeKey).catch(() => undefined);
  // The same name, type and date as the picked file: its fingerprint is the same, so the upload resumes.
  if (body?.size === size) return { ...base, file: as([body]), needs: 'nothing', fromBody: true };
  const state = handle ? await readPermission(handle).catch(() => 'denied' as const) : 'denied';
  const file = state === 'granted' ? await handle!.getFile().catch(() => undefined) : undefined;
  if (file) return { ...base, file, needs: 'nothing' };
  return { ...base, file: as([]), needs: state === 'prompt' ? 'permission' : 'file' };
}

/** Drops what S3 and the store keep of a restored file that is canceled before it resumes. */
export const discardRestored = (ctx: RequestContext, at: ObjectAddress, uploadId: string, store: ResumeStore) => (): Promise<void> =>
  abortMultipartUpload(ctx, at, uploadId)
    .catch(() => {}) // gone already, or S3's to expire
    .then(() => store.delete(queueResumeKey(at.bucket, at.key)));
