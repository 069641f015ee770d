// A resumable queue's files across a reload. From the moment a file is added, its resume record
// says where the file is (its name, size and dates, its FileSystemFileHandle where the browser
// gave one) and, with keepBytes, its contents are kept beside it. After a reload, restore() makes each
// unfinished record of the queue's bucket a file again: from the kept bytes, from a handle the
// page may read, or, until the user grants permission or picks the file again, a placeholder of
// its name that says what resuming needs. Never a credential: the records hold none.
import type { ObjectAddress } from './address';
import { S3_DEFAULTS } from './defaults';
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
 * `store` as one queue file's upload sees it. The file is noted as soon as it is added: its bytes,
 * if kept, and a record with no upload yet (unless one is there to resume), so a reload before it
 * starts, or during its single PUT, still brings it back. The upload's own records follow that
 * first write, each saying where the file is. A store that cannot keep the bytes (its quota full,
 * say) costs only the resume without the picker: the upload and its record go on.
 */
export function queueFileStore(
  store: ResumeStore,
  at: ObjectAddress,
  source: ResumeSource | undefined,
  body: Blob | undefined,
): ResumeStore {
  if (!source) return store;
  const k = queueResumeKey(at.bucket, at.key);
  const noted = (async () => {
    if (body && store.putBody) await store.putBody(k, body).catch(() => {});
    if (store.entries && !(await store.get(k).catch(() => undefined)))
      await store
        .put(k, { bucket: at.bucket, key: at.key, uploadId: '', fingerprint: '', partSize: 0, checksum: 'none', parts: {}, source })
        .catch(() => {});
  })();
  return {
    get: (k) => noted.then(() => store.get(k)),
    put: (k, record) => noted.then(() => store.put(k, { ...record, source })),
    delete: (k) => noted.then(() => store.delete(k)),
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
  /** The multipart upload S3 keeps for it, to abort if the user cancels it instead; '' when it had none yet. */
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
  (uploadId ? abortMultipartUpload(ctx, at, uploadId) : Promise.resolve())
    .catch(() => {}) // gone already, or S3's to expire
    .then(() => store.delete(queueResumeKey(at.bucket, at.key)));
