// A file dropped on its own comes with its FileSystemFileHandle where the browser gives one
// (Chromium's DataTransferItem.getAsFileSystemHandle), asked inside the drop handler with the
// entries, so a resumable queue can keep it; a folder's files get none, and a handle that cannot
// be had costs only that.
import { describe, expect, it } from 'vitest';
import { filesFromDrop } from '../../src/s3/picked-files';

const fileEntry = (name: string, body: string) => ({
  isFile: true,
  isDirectory: false,
  name,
  fullPath: `/${name}`,
  file: (ok: (f: File) => void) => ok(new File([body], name)),
});
const folderEntry = (name: string, child: ReturnType<typeof fileEntry>) => {
  let read = false;
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath: `/${name}`,
    createReader: () => ({
      readEntries: (ok: (e: object[]) => void) => ok(read ? [] : ((read = true), [{ ...child, fullPath: `/${name}/${child.name}` }])),
    }),
  };
};

describe('filesFromDrop and file handles', () => {
  it('asks for each item’s handle at once, inside the handler, and gives it to a file dropped on its own', async () => {
    const handle = { kind: 'file', name: 'a.bin' };
    const asked: string[] = [];
    const items = [
      {
        kind: 'file',
        webkitGetAsEntry: () => fileEntry('a.bin', 'A') as never,
        getAsFileSystemHandle: () => (asked.push('a.bin'), Promise.resolve(handle)),
        getAsFile: () => null,
      },
      {
        kind: 'file',
        webkitGetAsEntry: () => folderEntry('dir', fileEntry('b.bin', 'B')) as never,
        getAsFileSystemHandle: () => (asked.push('dir'), Promise.resolve({ kind: 'directory', name: 'dir' })),
        getAsFile: () => null,
      },
      {
        kind: 'file',
        webkitGetAsEntry: () => fileEntry('c.bin', 'C') as never,
        getAsFileSystemHandle: () => (asked.push('c.bin'), Promise.reject(new DOMException('gone', 'NotFoundError'))),
        getAsFile: () => null,
      },
    ];
    const dropped = filesFromDrop({ files: [], items });
    expect(asked, 'asked before the handler returns').toEqual(['a.bin', 'dir', 'c.bin']);
    const picked = await dropped;
    expect(picked.map((p) => [p.relativePath || p.file.name, p.handle])).toEqual([
      ['a.bin', handle],
      ['dir/b.bin', undefined],
      ['c.bin', undefined],
    ]);
  });
});
