// Resuming a multipart upload after a reload or a failure: the record kept under the resumeKey
// (no secrets, no bytes), the fingerprint that proves the body is the same, and S3's own list of
// the parts it has (ListParts), which is trusted over the record. A record of another body is of
// no use any more: its upload is aborted and a fresh one started.
import type { ObjectAddress } from './address';
import { S3ServiceException } from './errors';
import { fingerprintOf } from './fingerprint';
import { abortMultipartUpload, listAllParts } from './multipart';
import type { Part } from './parts';
import type { RequestContext } from './request';
import type { ResumeRecord, ResumeStore } from './resume-store';

/** What must match for a saved upload to be continued, besides the body's fingerprint. */
export interface ResumeIdentity extends ObjectAddress {
  partSize: number;
  checksum: 'none' | 'crc32';
}

/** One upload's record under its resumeKey: reopened at the start, kept as parts land, forgotten at the end. */
export interface Resume {
  /**
   * The id of the saved upload of this very body, if S3 still has it; the parts S3 has (of the
   * right size) are marked done in `parts`. A saved upload of another body is aborted.
   */
  reopen(ctx: RequestContext, body: Blob | Uint8Array, parts: Part[], stop: AbortSignal): Promise<string | undefined>;
  /** Keeps a fresh upload's record. */
  begin(uploadId: string): Promise<void>;
  /** Adds a stored part to the record; a store that fails only costs the resume that part. */
  partDone(part: Part): Promise<void>;
  /** Drops the record: the upload completed or was aborted. */
  forget(): Promise<void>;
}

export function resumeIn(store: ResumeStore, resumeKey: string, id: ResumeIdentity): Resume {
  let record: ResumeRecord | undefined;
  /** What a saved record must match, all of it, to be continued; a fresh record starts from it. */
  let wanted: Omit<ResumeRecord, 'uploadId' | 'parts'>;
  const save = (r: ResumeRecord) => store.put(resumeKey, (record = r));
  return {
    async reopen(ctx, body, parts, stop) {
      wanted = { bucket: id.bucket, key: id.key, fingerprint: await fingerprintOf(body), partSize: id.partSize, checksum: id.checksum };
      const saved = await store.get(resumeKey);
      // No record, or one of a file noted before its upload began (an upload queue's): nothing to continue.
      if (!saved?.uploadId) return undefined;
      const same = (Object.keys(wanted) as (keyof typeof wanted)[]).every((k) => saved[k] === wanted[k]);
      // Best effort: an upload already gone (NoSuchUpload) or not ours to abort is S3's to expire.
      if (!same)
        return void (await abortMultipartUpload(ctx, { ...id, bucket: saved.bucket, key: saved.key }, saved.uploadId).catch(() => {}));
      const have = await listAllParts(ctx, id, saved.uploadId, stop).catch((e: unknown) => {
        if (e instanceof S3ServiceException && e.Code === 'NoSuchUpload') return undefined;
        throw e;
      });
      if (!have) return undefined;
      record = { ...saved, parts: {} };
      for (const part of parts) {
        const server = have.get(part.number);
        if (server?.size !== part.end - part.start) continue;
        part.etag = server.etag;
        part.checksum = saved.parts[part.number]?.checksum;
        part.loaded = server.size;
        record.parts[part.number] = { etag: part.etag, checksum: part.checksum };
      }
      return saved.uploadId;
    },
    begin: (uploadId) => save({ ...wanted, uploadId, parts: {} }),
    async partDone(part) {
      if (!record) return;
      record.parts[part.number] = { etag: part.etag!, checksum: part.checksum };
      await save(record).catch(() => {});
    },
    forget: () => store.delete(resumeKey),
  };
}
