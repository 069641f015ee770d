// pickFiles: the browser's picker with handles where it exists (Chromium), a typed error with what
// to do where it does not, and [] when the user closes it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canPickFileHandles, pickFiles } from '../../src/s3/file-handles';
import { WebIdentityKitError } from '../../src/shared/errors';
import { rejectionOf } from '../helpers/rejection';

afterEach(() => vi.unstubAllGlobals());

const handleOf = (file: File) =>
  ({ kind: 'file', name: file.name, getFile: () => Promise.resolve(file) }) as unknown as FileSystemFileHandle;

describe('pickFiles', () => {
  it('without showOpenFilePicker: a typed error that says to use an <input>', async () => {
    vi.stubGlobal('window', {});
    expect(canPickFileHandles()).toBe(false);
    const e = await rejectionOf(pickFiles(), WebIdentityKitError);
    expect(e.name).toBe('FileSystemAccessNotSupported');
    expect(e.hint).toMatch(/canPickFileHandles\(\).*<input type="file">/);
  });

  it('gives each picked file with its handle, asking for several unless told', async () => {
    const files = [new File(['a'], 'a.txt'), new File(['bb'], 'b.txt')];
    const asked: unknown[] = [];
    vi.stubGlobal('window', { showOpenFilePicker: (o: unknown) => (asked.push(o), Promise.resolve(files.map(handleOf))) });
    expect(canPickFileHandles()).toBe(true);
    const picked = await pickFiles();
    expect(picked.map((p) => [p.file.name, p.relativePath, p.handle?.name])).toEqual([
      ['a.txt', '', 'a.txt'],
      ['b.txt', '', 'b.txt'],
    ]);
    await pickFiles({ multiple: false });
    expect(asked).toEqual([{ multiple: true }, { multiple: false }]);
  });

  it('resolves to [] when the user closes the picker, and passes other failures on', async () => {
    let failure = new DOMException('The user aborted a request.', 'AbortError');
    vi.stubGlobal('window', { showOpenFilePicker: () => Promise.reject(failure) });
    expect(await pickFiles()).toEqual([]);
    failure = new DOMException('Not allowed', 'SecurityError');
    expect((await rejectionOf(pickFiles(), DOMException)).name).toBe('SecurityError');
  });
});
