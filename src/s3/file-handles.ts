// Files the browser lets a page open again later: the File System Access API's handles
// (Chromium). A handle kept in IndexedDB survives a reload; reading it again needs the user's
// permission once per page (asked from a click), except for handles the page may always read
// (the Origin Private File System's). Typed here: lib.dom lacks the permission calls and the picker.
import { WebIdentityKitError } from '../shared/errors';
import type { PickedFile } from './picked-files';

/** The permission calls of a FileSystemHandle (Chromium; not in lib.dom). */
interface HandlePermissions {
  queryPermission?(descriptor: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(descriptor: { mode: 'read' }): Promise<PermissionState>;
}

/** Whether the page may read the file now: 'granted', 'prompt' (ask from a click) or 'denied'. */
export async function readPermission(handle: FileSystemFileHandle): Promise<PermissionState> {
  const h = handle as FileSystemFileHandle & HandlePermissions;
  return h.queryPermission ? h.queryPermission({ mode: 'read' }) : 'granted';
}

/**
 * The file behind `handle`, asking the user for permission to read it if the page lacks it. Call
 * it straight from a click: the browser shows its prompt only within a user gesture, so nothing is
 * awaited before the request. Rejects when permission is refused or the file is gone.
 */
export function reopenFile(handle: FileSystemFileHandle): Promise<File> {
  const h = handle as FileSystemFileHandle & HandlePermissions;
  const asked = h.requestPermission ? h.requestPermission({ mode: 'read' }) : Promise.resolve<PermissionState>('granted');
  return asked.then((state) => {
    if (state !== 'granted') throw new DOMException(`Permission to read ${handle.name} was ${state}`, 'NotAllowedError');
    return handle.getFile();
  });
}

/** The options of {@link pickFiles}. */
export interface PickFilesOptions {
  /** Allow several files. Default true. */
  multiple?: boolean;
}

type ShowOpenFilePicker = (o: { multiple?: boolean }) => Promise<FileSystemFileHandle[]>;

const picker = (): ShowOpenFilePicker | undefined =>
  typeof window !== 'undefined' ? (window as unknown as { showOpenFilePicker?: ShowOpenFilePicker }).showOpenFilePicker : undefined;

/** Whether {@link pickFiles} can pick files with their handles here (the File System Access API, Chromium). */
export const canPickFileHandles = (): boolean => typeof picker() === 'function';

/**
 * Opens the browser's file picker (showOpenFilePicker) and returns the files chosen with their
 * handles, so a resumable upload queue can open them again after a reload without the picker.
 * Call it from a click. Resolves to [] when the user closes the picker.
 *
 * @throws WebIdentityKitError (name 'FileSystemAccessNotSupported') when the browser has no
 *   showOpenFilePicker: check {@link canPickFileHandles} first and use an `<input type="file">` otherwise.
 */
export async function pickFiles(options: PickFilesOptions = {}): Promise<PickedFile[]> {
  const show = picker();
  if (!show) {
    throw new WebIdentityKitError(
      'FileSystemAccessNotSupported',
      'This browser has no showOpenFilePicker (the File System Access API)',
      'Check canPickFileHandles() first, and where it is false pick files with an <input type="file"> and filesFromInput().',
    );
  }
  let handles: FileSystemFileHandle[];
  try {
    handles = await show.call(window, { multiple: options.multiple ?? true });
  } catch (e) {
    if ((e as { name?: unknown })?.name === 'AbortError') return []; // the user closed the picker
    throw e;
  }
  return Promise.all(handles.map(async (handle) => ({ file: await handle.getFile(), relativePath: '', handle })));
}
