// Where a resumable upload remembers itself across page reloads: IndexedDB, keyed by the
// caller's resumeKey. Only what is needed to continue: no credentials, no file contents.
/** What a resumable upload keeps between page loads: no credentials, no file contents. */
export interface ResumeRecord {
  /** The upload's bucket. */
  bucket: string;
  /** The upload's key. */
  key: string;
  /** The multipart upload's ID. */
  uploadId: string;
  /** What tells this body from another (fingerprint.ts), so a different one is never mixed in. */
  fingerprint: string;
  /** The part size the upload started with (resumed uploads keep it). */
  partSize: number;
  /** The checksum the upload started with. */
  checksum: 'none' | 'crc32';
  /** Finished parts: number -> ETag (and checksum). */
  parts: Record<number, { etag: string; checksum?: string }>;
}

/** Where resumable uploads are kept, by resumeKey: {@link indexedDbResumeStore}, {@link memoryResumeStore} or your own. */
export interface ResumeStore {
  /** The record kept under `resumeKey`, or undefined. */
  get(resumeKey: string): Promise<ResumeRecord | undefined>;
  /** Keeps `record` under `resumeKey`, replacing any. */
  put(resumeKey: string, record: ResumeRecord): Promise<void>;
  /** Forgets the record under `resumeKey`, if any. */
  delete(resumeKey: string): Promise<void>;
}

const DB = 'web-identity-kit';
const STORE = 'uploads';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = op(tx.objectStore(STORE));
        tx.oncomplete = () => (db.close(), resolve(req.result as T));
        tx.onerror = () => (db.close(), reject(tx.error ?? new Error('IndexedDB transaction failed')));
      }),
  );
}

/** A {@link ResumeStore} in IndexedDB: uploads resume after a reload. The default where IndexedDB exists. */
export const indexedDbResumeStore: ResumeStore = {
  get: (k) => run('readonly', (s) => s.get(k)),
  put: (k, r) => run('readwrite', (s) => s.put(r, k)),
  delete: (k) => run('readwrite', (s) => s.delete(k)),
};

/** For tests and for environments without IndexedDB: resumable within the page only. */
export function memoryResumeStore(): ResumeStore & { records: Map<string, ResumeRecord> } {
  const records = new Map<string, ResumeRecord>();
  return {
    records,
    // At once, as the calls happen; an exception (a record structuredClone cannot copy) becomes a rejection.
    get: (k) => new Promise((resolve) => resolve(structuredClone(records.get(k)))),
    put: (k, r) => new Promise((resolve) => resolve(void records.set(k, structuredClone(r)))),
    delete: (k) => new Promise((resolve) => resolve(void records.delete(k))),
  };
}

export const defaultResumeStore = (): ResumeStore => (typeof indexedDB !== 'undefined' ? indexedDbResumeStore : memoryResumeStore());
