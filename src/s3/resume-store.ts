// Where a resumable upload remembers itself across page reloads: IndexedDB, keyed by the
// caller's resumeKey. Only what is needed to continue, never a credential: the parts S3 has, and,
// for an upload queue, where the file can be found again (its handle, or its bytes if asked for).
/**
 * Where a queue's file can be found again after a reload: what it was (to show it, and to make a
 * File of kept bytes that fingerprints the same) and, where the browser gives one, its
 * FileSystemFileHandle (reopened with one permission prompt). Never a credential.
 */
export interface ResumeSource {
  /** The File's name. */
  name: string;
  /** The File's size in bytes. */
  size: number;
  /** The File's type. */
  type: string;
  /** The File's lastModified (epoch ms). */
  lastModified: number;
  /** Its path in the folder it was picked or dropped in; '' for a file on its own. */
  relativePath: string;
  /** The file on disk (File System Access API, Chromium): structured-cloned into IndexedDB. */
  handle?: FileSystemFileHandle;
}

/** What a resumable upload keeps between page loads: no credentials, and no file contents (those are kept apart, see {@link ResumeStore.putBody}). */
export interface ResumeRecord {
  /** The upload's bucket. */
  bucket: string;
  /** The upload's key. */
  key: string;
  /** The multipart upload's ID; '' for an upload queue's file noted before its upload began. */
  uploadId: string;
  /** What tells this body from another (fingerprint.ts), so a different one is never mixed in. */
  fingerprint: string;
  /** The part size the upload started with (resumed uploads keep it). */
  partSize: number;
  /** The checksum the upload started with. */
  checksum: 'none' | 'crc32';
  /** Finished parts: number -> ETag (and checksum). */
  parts: Record<number, { etag: string; checksum?: string }>;
  /** For a queue's file: where to find it again after a reload (an upload queue's `restore()`). */
  source?: ResumeSource;
}

/** Where resumable uploads are kept, by resumeKey: {@link indexedDbResumeStore}, {@link memoryResumeStore} or your own. */
export interface ResumeStore {
  /** The record kept under `resumeKey`, or undefined. */
  get(resumeKey: string): Promise<ResumeRecord | undefined>;
  /** Keeps `record` under `resumeKey`, replacing any. */
  put(resumeKey: string, record: ResumeRecord): Promise<void>;
  /** Forgets the record under `resumeKey`, and its kept body, if any. */
  delete(resumeKey: string): Promise<void>;
  /** Every record with its resumeKey: what an upload queue's `restore()` offers to resume. Optional: without it nothing is restored. */
  entries?(): Promise<[resumeKey: string, record: ResumeRecord][]>;
  /** Keeps a file's contents apart from its record (written once, not with every part). Optional: without it no bytes are kept. */
  putBody?(resumeKey: string, body: Blob): Promise<void>;
  /** The contents kept under `resumeKey`, or undefined. */
  getBody?(resumeKey: string): Promise<Blob | undefined>;
}

const DB = 'web-identity-kit';
const STORE = 'uploads';
/** Files' contents, by resumeKey: apart from the records, which are written again as each part lands. */
const BODIES = 'bodies';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Version 2 adds BODIES; a database of version 1 keeps its records.
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      for (const name of [STORE, BODIES]) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

/** One transaction on the object store `name`: what `op` asks, read once the transaction is complete. */
function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => { readonly result: unknown }, name = STORE): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(name, mode);
        const req = op(tx.objectStore(name));
        tx.oncomplete = () => (db.close(), resolve(req.result as T));
        tx.onerror = () => (db.close(), reject(tx.error ?? new Error('IndexedDB transaction failed')));
      }),
  );
}

/** Every record with its key, read in one transaction (so keys and records match). */
const readAll = (s: IDBObjectStore) => {
  const keys = s.getAllKeys();
  const records = s.getAll();
  // The keys are the resumeKeys put(): strings.
  return {
    get result() {
      return keys.result.map((k, i): [string, ResumeRecord] => [k as string, records.result[i] as ResumeRecord]);
    },
  };
};

/** A {@link ResumeStore} in IndexedDB: uploads resume after a reload. The default where IndexedDB exists. */
export const indexedDbResumeStore: ResumeStore = {
  get: (k) => run('readonly', (s) => s.get(k)),
  put: (k, r) => run('readwrite', (s) => s.put(r, k)),
  delete: (k) => run<void>('readwrite', (s) => s.delete(k)).then(() => run('readwrite', (s) => s.delete(k), BODIES)),
  entries: () => run('readonly', readAll),
  putBody: (k, body) => run('readwrite', (s) => s.put(body, k), BODIES),
  getBody: (k) => run('readonly', (s) => s.get(k), BODIES),
};

/** For tests and for environments without IndexedDB: resumable within the page only. */
export function memoryResumeStore(): ResumeStore & { records: Map<string, ResumeRecord>; bodies: Map<string, Blob> } {
  const records = new Map<string, ResumeRecord>();
  const bodies = new Map<string, Blob>();
  const later = <T>(f: () => T) => new Promise<T>((resolve) => resolve(f()));
  return {
    records,
    bodies,
    // At once, as the calls happen; an exception (a record structuredClone cannot copy) becomes a rejection.
    get: (k) => later(() => copy(records.get(k))),
    put: (k, r) => later(() => void records.set(k, copy(r)!)),
    delete: (k) => later(() => void (records.delete(k), bodies.delete(k))),
    entries: () => later(() => [...records].map(([k, r]): [string, ResumeRecord] => [k, copy(r)!])),
    putBody: (k, body) => later(() => void bodies.set(k, body)),
    getBody: (k) => later(() => bodies.get(k)),
  };
}

/** A copy of the record, as IndexedDB would keep it; its file handle is kept as is (no copy of one outside a browser). */
function copy(r: ResumeRecord | undefined): ResumeRecord | undefined {
  if (!r?.source?.handle) return structuredClone(r);
  const { handle, ...source } = r.source;
  const clone = structuredClone({ ...r, source });
  return { ...clone, source: { ...clone.source, handle } };
}

export const defaultResumeStore = (): ResumeStore => (typeof indexedDB !== 'undefined' ? indexedDbResumeStore : memoryResumeStore());
