// What the user picked or dropped, as files with the path they had under the folder they came
// from: a dropped folder is walked to its files, and `<input webkitdirectory>` gives the same
// paths, so an upload can keep a folder's layout in its keys. Where the browser gives one (Chromium)
// a dropped file comes with its FileSystemFileHandle, which a resumable queue keeps to open the
// file again after a reload.

/** A file to upload, with its path under the folder it was picked or dropped in ('' when none). */
export interface PickedFile {
  file: File;
  /** e.g. 'photos/2026/a.jpg' for a.jpg in a dropped folder 'photos'; '' for a file picked alone. */
  relativePath: string;
  /**
   * The file on disk, where the browser gives one (Chromium: {@link pickFiles}, a dropped file):
   * a resumable upload queue keeps it, to open the file again after a reload without the picker.
   */
  handle?: FileSystemFileHandle;
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
  /** The File System Access API's (Chromium): a FileSystemFileHandle for a file, a directory handle for a folder. */
  getAsFileSystemHandle?: () => Promise<{ kind: string } | null>;
  getAsFile(): File | null;
}

/** Files from an `<input type="file">` (with `webkitdirectory`, each keeps its path in the folder). */
export function filesFromInput(files: Iterable<File> | ArrayLike<File>): PickedFile[] {
  return Array.from(files, (file) => ({ file, relativePath: file.webkitRelativePath || '' }));
}

/**
 * The files of a drop, dropped folders walked to every file inside (paths kept). Call it inside the
 * drop event's handler: browsers empty `dataTransfer` once the handler returns, so the entries are
 * taken at once and only read afterwards. A file dropped on its own comes with its handle where
 * the browser gives one (Chromium).
 */
export function filesFromDrop(dataTransfer: { items?: ArrayLike<ItemWithEntry>; files: ArrayLike<File> }): Promise<PickedFile[]> {
  const items = Array.from(dataTransfer.items ?? []).filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  if (items.length === 0 || entries.some((e) => e === null)) return Promise.resolve(filesFromInput(dataTransfer.files));
  // Asked now too, while the drop's data is there; a handle that cannot be had is only a loss for resuming.
  const handles = items.map((item) => item.getAsFileSystemHandle?.().catch(() => null) ?? Promise.resolve(null));
  return Promise.all(entries.map(async (entry, i) => withHandle(await walk(entry!), entry!, await handles[i]))).then((lists) =>
    lists.flat(),
  );
}

/** A file dropped on its own, with its handle (a folder's files get none: its handle is the directory's). */
function withHandle(files: PickedFile[], entry: Entry, handle: { kind: string } | null): PickedFile[] {
  if (!entry.isFile || handle?.kind !== 'file') return files;
  return files.map((f) => ({ ...f, handle: handle as FileSystemFileHandle }));
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
