import { describe, expect, it } from 'vitest';
import { filesFromDrop, filesFromInput } from '../../src/s3/picked-files';

// In-memory stand-ins for the browser's File and Directory Entries, shaped as Chromium gives them
// (readEntries in batches of at most 100, then an empty batch).
type Tree = { [name: string]: string | Tree };

function entryFor(name: string, node: string | Tree, parent: string): object {
  const fullPath = `${parent}/${name}`;
  if (typeof node === 'string') {
    return { isFile: true, isDirectory: false, name, fullPath, file: (ok: (f: File) => void) => ok(new File([node], name)) };
  }
  const children = Object.entries(node).map(([n, child]) => entryFor(n, child, fullPath));
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: object[]) => void) => {
          const batch = children.slice(at, at + 100);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}

const drop = (tree: Tree) => ({
  files: [] as File[],
  items: Object.entries(tree).map(([name, node]) => ({
    kind: 'file',
    webkitGetAsEntry: () => entryFor(name, node, '') as never,
    getAsFile: () => null,
  })),
});

describe('filesFromDrop', () => {
  it('walks dropped folders to every file, keeping paths, and gives lone files an empty path', async () => {
    const picked = await filesFromDrop(drop({ 'a.txt': 'A', photos: { '2026': { 'b.jpg': 'BB' }, 'c.jpg': 'CCC' } }));
    const byPath = picked.map((p) => [p.relativePath, p.file.name, p.file.size]).sort();
    expect(byPath).toEqual([
      ['', 'a.txt', 1],
      ['photos/2026/b.jpg', 'b.jpg', 2],
      ['photos/c.jpg', 'c.jpg', 3],
    ]);
  });

  it('reads every batch of a large folder (readEntries stops at 100 a call)', async () => {
    const many: Tree = {};
    for (let i = 0; i < 250; i++) many[`f${i}.bin`] = String(i);
    const picked = await filesFromDrop(drop({ batch: many }));
    expect(picked).toHaveLength(250);
    expect(new Set(picked.map((p) => p.relativePath)).size).toBe(250);
    expect(picked.every((p) => p.relativePath.startsWith('batch/'))).toBe(true);
  });

  it('falls back to dataTransfer.files where entries are not available', async () => {
    const files = [new File(['x'], 'x.txt'), new File(['yy'], 'y.txt')];
    const picked = await filesFromDrop({ files, items: files.map((f) => ({ kind: 'file', getAsFile: () => f })) });
    expect(picked.map((p) => p.file)).toEqual(files);
    expect(picked.map((p) => p.relativePath)).toEqual(['', '']);
  });

  it('ignores dragged items that are not files (text, links)', async () => {
    const picked = await filesFromDrop({
      files: [],
      items: [
        { kind: 'string', getAsFile: () => null },
        { kind: 'file', webkitGetAsEntry: () => entryFor('a.txt', 'A', '') as never, getAsFile: () => null },
      ],
    });
    expect(picked.map((p) => p.file.name)).toEqual(['a.txt']);
  });
});

describe('filesFromInput', () => {
  it('keeps the path an <input webkitdirectory> gives each file', () => {
    const inFolder = new File(['a'], 'a.txt');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'docs/a.txt' });
    const alone = new File(['b'], 'b.txt');
    expect(filesFromInput([inFolder, alone]).map((p) => p.relativePath)).toEqual(['docs/a.txt', '']);
  });
});
