// What goes into the queue: each File, Blob or PickedFile taken as a file with its folder path,
// and its key (the queue's key function, else keyPrefix + path in its folder, else name), all
// checked before any file of the batch is queued, so a bad one fails the add() and sends nothing.
import { checkAddress, type ObjectAddress } from './address';
import { S3ValidationError } from './errors';
import type { PickedFile } from './picked-files';

/** One file of an add(), before it is queued. */
export interface QueueInput {
  file: File | Blob;
  relativePath: string;
  key: string;
  /** The file's handle, when it came with one: kept with a resumable upload's record. */
  handle?: FileSystemFileHandle;
}

/** How keys are made: the queue's options. */
export interface KeyRules {
  address: Omit<ObjectAddress, 'key'>;
  keyPrefix: string;
  key?: (file: PickedFile) => string;
}

/** Checks the key options once, when the queue is made. */
export function checkKeyRules(rules: KeyRules): void {
  if (typeof rules.keyPrefix !== 'string')
    throw new S3ValidationError('keyPrefix', `must be a string; got ${typeof rules.keyPrefix}`, 'e.g. "uploads/", or leave it out.');
  if (rules.key !== undefined && typeof rules.key !== 'function')
    throw new S3ValidationError(
      'key',
      `must be a function of the file; got ${typeof rules.key}`,
      'e.g. key: (f) => `uploads/${f.file.name}`.',
    );
}

const isFile = (b: Blob): b is File => typeof File !== 'undefined' && b instanceof File;

/** The file and its path in its folder (and its handle, if any), from what add() was given. */
function picked(x: unknown, n: number): Omit<QueueInput, 'key'> {
  if (x instanceof Blob) return { file: x, relativePath: (isFile(x) && x.webkitRelativePath) || '' };
  if (typeof x === 'object' && x !== null && 'file' in x && x.file instanceof Blob) {
    const path = 'relativePath' in x && typeof x.relativePath === 'string' ? x.relativePath : '';
    const handle = 'handle' in x && x.handle ? (x.handle as FileSystemFileHandle) : undefined;
    return { file: x.file, relativePath: path, ...(handle && { handle }) };
  }
  throw new S3ValidationError(
    'files',
    `has an entry (number ${n}) that is not a File, a Blob or a PickedFile`,
    'Pass the files of an <input type="file">, filesFromInput(input.files) or await filesFromDrop(event.dataTransfer).',
  );
}

/**
 * A file's key when no `key` function is given: keyPrefix + its path in its folder, else its name.
 * The queue and useS3UploadQueue (which reads keyPrefix at each add) both make keys by this rule.
 *
 * @throws {@link S3ValidationError} for a file with neither a path nor a name (a Blob).
 */
export function defaultKeyOf(f: { file: File | Blob; relativePath: string }, keyPrefix: string): string {
  const name = f.relativePath || (isFile(f.file) ? f.file.name : '');
  if (!name)
    throw new S3ValidationError(
      'key',
      'cannot be made: a Blob has no name, and this one has no path in a folder either',
      'Give a key function, e.g. key: (f) => `uploads/${crypto.randomUUID()}`, or pass a File.',
    );
  return keyPrefix + name;
}

/** The key function takes a PickedFile: a Blob is handed over as a File without a name. */
const asPicked = (f: { file: File | Blob; relativePath: string }): PickedFile => ({
  file: isFile(f.file) ? f.file : new File([f.file], '', { type: f.file.type }),
  relativePath: f.relativePath,
});

/** The file's key, checked as S3 and URLs need it; a key error names the file by its number in the add(). */
function keyOf(f: { file: File | Blob; relativePath: string }, n: number, rules: KeyRules): string {
  let key: unknown;
  try {
    key = rules.key ? rules.key(asPicked(f)) : defaultKeyOf(f, rules.keyPrefix);
    checkAddress({ ...rules.address, key } as ObjectAddress);
  } catch (e) {
    if (!(e instanceof S3ValidationError) || e.option !== 'key') throw e;
    const which = key === undefined ? `of file number ${n}` : `of file number ${n} (${JSON.stringify(key)})`;
    throw new S3ValidationError('key', `${which} ${e.message.replace(/^key /, '')}`, e.hint ?? '');
  }
  return key as string;
}

/**
 * The files of one add(), with their keys; throws before any is queued when one is wrong, or when
 * two files would have the same key (they would overwrite each other, and share a resume record).
 *
 * @param busy - Keys of the files already in the queue and not done or aborted (a failed one may be retried).
 */
export function inputsOf(files: Iterable<unknown>, rules: KeyRules, busy: Set<string>): QueueInput[] {
  const inputs: QueueInput[] = [];
  const keys = new Set(busy);
  let n = 0;
  for (const x of files) {
    const f = picked(x, ++n);
    const key = keyOf(f, n, rules);
    if (keys.has(key))
      throw new S3ValidationError(
        'key',
        `${JSON.stringify(key)} of file number ${n} is already the key of another file in the queue`,
        'Give each file its own key (the key option); or wait for the other file to finish, retry() it if it failed, or cancel it.',
      );
    keys.add(key);
    inputs.push({ ...f, key });
  }
  return inputs;
}
