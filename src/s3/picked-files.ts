// What the user picked or dropped, as files with the path they had under the folder they came
// from: a dropped folder is walked to its files, and `<input webkitdirectory>` gives the same
// paths, so an upload can keep a folder's layout in its keys.

/** A file to upload, with its path under the folder it was picked or dropped in ('' when none). */
export interface PickedFile {
  file: File;
  /** e.g. 'photos/2026/a.jpg' for a.jpg in a dropped folder 'photos'; '' for a file picked alone. */
  relativePath: string;
}

// The parts of the File and Directory Entries API used here: what Chromium, Firefox and Safari
// all have for drops (typed here because lib.dom's are not in every TypeScript setup).
interface Entry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}
interface FileEntry extends Entry {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
interface DirectoryEntry extends Entry {
  createReader(): { readEntries(success: (entries: Entry[]) => void, failure?: (error: unknown) => void): void };
}
interface ItemWithEntry {
  readonly kind: string;
  webkitGetAsEntry?: () => Entry | null;
  getAsFile(): File | null;
}

/** Files from an `<input type="file">` (with `webkitdirectory`, each keeps its path in the folder). */
export function filesFromInput(files: Iterable<File> | ArrayLike<File>): PickedFile[] {
  return Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath || '' }));
}

/**
 * The files of a drop, dropped folders walked to every file inside (paths kept). Call it inside the
 * drop event's handler: browsers empty `dataTransfer` once the handler returns, so the entries are
 * taken at once and only read afterwards.
 */
export function filesFromDrop(dataTransfer: { items?: ArrayLike<ItemWithEntry>; files: ArrayLike<File> }): Promise<PickedFile[]> {
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  if (items.length === 0 || entries.some((e) => e === null)) return Promise.resolve(filesFromInput(dataTransfer.files));
  return Promise.all(entries.map((entry) => walk(entry!))).then((lists) => lists.flat());
}

async function walk(entry: Entry): Promise<PickedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileEntry).file(resolve, reject));
    // fullPath is '/photos/2026/a.jpg' for a file in a dropped folder, '/a.jpg' for a file alone.
    const path = entry.fullPath.replace(/^\//, '');
    return [{ file, relativePath: path.includes('/') ? path : '' }];
  }
  if (!entry.isDirectory) return [];
  const children = await readAll(entry as DirectoryEntry);
  const lists = await Promise.all(children.map(walk));
  return lists.flat();
}

// readEntries gives a directory's entries in batches (100 at a time in Chromium) until an empty one.
async function readAll(directory: DirectoryEntry): Promise<Entry[]> {
  const reader = directory.createReader();
  const all: Entry[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
