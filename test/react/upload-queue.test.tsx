// @vitest-environment jsdom
// useS3UploadQueue and <S3Uploader> over the real upload queue: against a gated stand-in for S3
// where a test must hold requests (identities, re-renders, unmount), and against the local stack
// (real STS credentials, real S3) for what S3 ends up holding: folders, retry, cancel all.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { S3Uploader, StsProvider, useS3UploadQueue } from '../../src/react';
import {
  fetchTransport,
  memoryResumeStore,
  S3ValidationError,
  type QueueSnapshot,
  type S3Request,
  type Transport,
} from '../../src/s3/index';
import { gatedTransport, providedBy, read, stackSession, stubSession } from './fixtures';
import { UploadTotal } from '../../src/components/upload-total';

afterEach(cleanup);

// ---- a gated S3 stand-in, for what must be held mid-request --------------------------------------

const where = { bucket: 'uploads', region: 'us-east-1', checksum: 'none' as const };

describe('useS3UploadQueue', () => {
  it('keeps add, pause, resume, cancel, retry and clearFinished identical across renders and state changes', async () => {
    const { transport, progress, finish } = gatedTransport();
    // Settings written inline, a new object every render, as apps write them.
    const { result, rerender } = renderHook(() => useS3UploadQueue({ ...where, transport }), { wrapper: providedBy(stubSession()) });
    const first = result.current;
    const names = ['add', 'pause', 'resume', 'cancel', 'retry', 'clearFinished'] as const;
    expect([first.status, first.filesTotal, first.items]).toEqual(['idle', 0, []]);
    rerender();
    for (const name of names) expect(result.current[name], name).toBe(first[name]);

    let added: { id: string; key: string }[] = [];
    act(() => void (added = result.current.add([new File(['abc'], 'a.txt'), new File(['defg'], 'b.txt')])));
    // The rows are there in the add's own render, not a microtask later.
    expect(result.current.items.map((i) => [i.id, i.key])).toEqual(added.map((i) => [i.id, i.key]));
    expect([result.current.filesTotal, result.current.total]).toEqual([2, 7]);
    progress();
    finish();
    await waitFor(() => expect(result.current.filesDone).toBe(2));
    expect(result.current.status).toBe('idle');
    expect(result.current.loaded).toBe(7);
    for (const name of names) expect(result.current[name], name).toBe(first[name]);
  });

  it('refuses a Blob without a key function as the queue does: a typed error naming the file by its number, nothing queued', () => {
    const { transport, calls } = gatedTransport();
    const { result } = renderHook(() => useS3UploadQueue({ ...where, transport, keyPrefix: 'in/' }), {
      wrapper: providedBy(stubSession()),
    });
    let error: unknown;
    act(() => {
      try {
        result.current.add([new File(['a'], 'a.txt'), new Blob(['b'])]);
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(S3ValidationError);
    const { option, message, hint } = error as S3ValidationError;
    expect(option).toBe('key');
    expect(message).toMatch(/file number 2\b.*Blob.*no name/);
    expect(hint).toMatch(/key function/);
    expect([result.current.items, calls]).toEqual([[], []]);
  });

  it('does not re-render a component that reads only the file counts while bytes move', async () => {
    const { transport, calls, progress, finish } = gatedTransport();
    const renders = { counts: 0 };
    const adds: ((files: File[]) => unknown)[] = [];
    // Each has its own queue over the same gated S3: one shows bytes, the other only file counts.
    function Bytes() {
      const queue = useS3UploadQueue({ ...where, transport });
      adds[0] = queue.add;
      return <p data-testid="bytes">{queue.loaded}</p>;
    }
    function Counts() {
      const queue = useS3UploadQueue({ ...where, transport });
      adds[1] = queue.add;
      renders.counts++;
      return (
        <p data-testid="counts">
          {queue.filesDone} of {queue.filesTotal}
        </p>
      );
    }
    render(
      <>
        <Bytes />
        <Counts />
      </>,
      { wrapper: providedBy(stubSession()) },
    );
    act(() => adds.forEach((add) => add([new File(['x'.repeat(100)], 'a.bin'), new File(['y'.repeat(50)], 'b.bin')])));
    await waitFor(() => expect(calls.length).toBe(4));
    expect(screen.getByTestId('counts').textContent).toBe('0 of 2');
    const before = renders.counts;
    progress(); // every byte reported, in both queues
    await waitFor(() => expect(screen.getByTestId('bytes').textContent).toBe('150'));
    expect(renders.counts).toBe(before); // the bytes did move, and left the counts alone
    finish();
    await waitFor(() => expect(screen.getByTestId('counts').textContent).toBe('2 of 2'));
  });

  it('cancels what is running when the component unmounts, but not on StrictMode’s rehearsal unmount', async () => {
    // Every PUT waits until released (or aborted); `release` lets the ones so far through.
    const calls: S3Request[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const transport: Transport = async (r) => {
      calls.push(r);
      const aborted = new Promise<never>((_, reject) =>
        r.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
      await Promise.race([gate, aborted]);
      r.onUploadProgress?.(3);
      return { status: 200, header: (n) => (n.toLowerCase() === 'etag' ? '"0123456789abcdef"' : null), body: '' };
    };
    // Files added from the component's own mount effect, as an app may: StrictMode then mounts,
    // unmounts and mounts again with the upload already running.
    const { result, unmount } = renderHook(
      () => {
        const queue = useS3UploadQueue({ ...where, transport });
        const [started] = useState(() => ({ once: false }));
        useEffect(() => {
          if (started.once) return;
          started.once = true;
          queue.add([new File(['abc'], 'a.txt')]);
        }, [queue, started]);
        return queue;
      },
      { wrapper: providedBy(stubSession()), reactStrictMode: true },
    );
    await waitFor(() => expect(calls.length).toBe(1));
    release();
    await waitFor(() => expect(result.current.items[0].status).toBe('done'));

    gate = new Promise<void>((r) => (release = r));
    act(() => void result.current.add([new File(['def'], 'b.txt')]));
    await waitFor(() => expect(calls.length).toBe(2));
    unmount();
    await waitFor(() => expect(calls[1].signal?.aborted).toBe(true));
  });
});

describe('the batch summary', () => {
  const item = (id: string, status: QueueSnapshot['items'][number]['status']) => ({
    id,
    file: new File(['x'], `${id}.bin`),
    key: `${id}.bin`,
    relativePath: '',
    status,
    loaded: 0,
    total: 1,
  });
  const snapshot = (over: Partial<QueueSnapshot>): QueueSnapshot => ({
    items: [],
    loaded: 0,
    total: 0,
    filesDone: 0,
    filesTotal: 0,
    filesFailed: 0,
    bytesPerSecond: 0,
    status: 'idle',
    ...over,
  });
  const none = () => {};
  const show = (s: QueueSnapshot) => {
    cleanup();
    render(<UploadTotal snapshot={s} pause={none} resume={none} cancel={() => Promise.resolve()} clearFinished={none} />);
    const group = screen.getByRole('group', { name: 'All uploads' });
    return {
      text: group.textContent,
      buttons: within(group)
        .queryAllByRole('button')
        .map((b) => b.textContent),
    };
  };

  it('shows files done of all, bytes, rate and time left, and the buttons that fit the batch', () => {
    const uploading = show(
      snapshot({
        items: [item('a', 'done'), item('b', 'uploading'), item('c', 'queued')],
        loaded: 3 * 1024 * 1024,
        total: 10 * 1024 * 1024,
        filesDone: 1,
        filesTotal: 3,
        bytesPerSecond: 1024 * 1024,
        secondsLeft: 125,
        status: 'uploading',
      }),
    );
    expect(uploading.text).toContain('1 of 3 files');
    expect(uploading.text).toContain('3.0 MB of 10.0 MB · 1.0 MB/s · 2 min 5 s left');
    expect(uploading.buttons).toEqual(['Pause all', 'Cancel all', 'Clear finished']);
    expect(screen.getByRole('progressbar', { name: 'All uploads' }).getAttribute('value')).toBe(String(3 * 1024 * 1024));

    const paused = show(
      snapshot({ items: [item('a', 'paused')], total: 1, filesTotal: 1, bytesPerSecond: 5, secondsLeft: 9, status: 'paused' }),
    );
    expect(paused.text).not.toMatch(/\/s|left/); // no rate while nothing moves
    expect(paused.buttons).toEqual(['Resume all', 'Cancel all']);

    const failed = show(snapshot({ items: [item('a', 'done'), item('b', 'error')], filesDone: 1, filesTotal: 2, filesFailed: 1 }));
    expect(failed.text).toContain('1 failed');
    expect(failed.buttons).toEqual(['Cancel all', 'Clear finished']);

    const done = show(snapshot({ items: [item('a', 'done')], loaded: 1, total: 1, filesDone: 1, filesTotal: 1 }));
    expect(done.text).toContain('1 of 1 file');
    expect(done.buttons).toEqual(['Clear finished']);

    const aborted = show(snapshot({ items: [item('a', 'aborted')] }));
    expect(aborted.text).toContain('0 of 0 files');
    expect(aborted.buttons).toEqual(['Clear finished']);
  });
});

// ---- against the local stack ----------------------------------------------------------------------

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.close());

const transport: Transport = async (r) => fetchTransport({ ...r, body: r.body instanceof Blob ? await read(r.body) : r.body });

type Props = Partial<Parameters<typeof S3Uploader>[0]>;
function app(keyPrefix: string, props: Props = {}) {
  return render(
    <StsProvider session={stackSession(stack)}>
      <S3Uploader bucket={stack.bucket} region="us-east-1" endpoint={stack.s3} keyPrefix={keyPrefix} transport={transport} {...props} />
    </StsProvider>,
  );
}

const rowOf = (name: string) => screen.getByText(name, { selector: '.wik-file-name' }).closest('li')!;
const statusOf = (name: string) => within(rowOf(name)).getByRole('status').textContent;
const stored = (key: string) => stack.objects.get(stack.bucket, key)?.body.toString();

/** A directory entry of the File and Directory Entries API, as a dropped folder gives it. */
function folder(path: string, children: object[]) {
  let read = false;
  return {
    isFile: false,
    isDirectory: true,
    name: path.split('/').pop(),
    fullPath: `/${path}`,
    createReader: () => ({ readEntries: (ok: (e: object[]) => void) => ok(read ? [] : ((read = true), children)) }),
  };
}
const fileEntry = (path: string, body: string) => ({
  isFile: true,
  isDirectory: false,
  name: path.split('/').pop(),
  fullPath: `/${path}`,
  file: (ok: (f: File) => void) => ok(new File([body], path.split('/').pop()!)),
});

describe('<S3Uploader> over the queue', () => {
  it('uploads a dropped folder and a loose file, keys keeping each file’s path in its folder', async () => {
    app('users/demo/');
    const dropped = [
      folder('photos', [fileEntry('photos/a.txt', 'A'), folder('photos/2026', [fileEntry('photos/2026/b.txt', 'BB')])]),
      fileEntry('loose.txt', 'loose'),
    ];
    const items = dropped.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null }));
    fireEvent.drop(screen.getByText('or drop them here').parentElement!, { dataTransfer: { items, files: [] } });
    await waitFor(() => expect(screen.getByText('3 of 3 files')).toBeTruthy(), { timeout: 10_000 });
    expect(stored('users/demo/photos/a.txt')).toBe('A');
    expect(stored('users/demo/photos/2026/b.txt')).toBe('BB');
    expect(stored('users/demo/loose.txt')).toBe('loose');
    expect(screen.getAllByRole('listitem').map((li) => li.querySelector('.wik-file-name')!.textContent)).toEqual([
      'photos/a.txt',
      'photos/2026/b.txt',
      'loose.txt',
    ]);
  });

  it('offers a folder picker when asked: its files keep their paths, and the prefix of the latest render applies', async () => {
    function Folders() {
      const [prefix, setPrefix] = useState('first/');
      return (
        <StsProvider session={stackSession(stack)}>
          <button onClick={() => setPrefix('second/')}>move</button>
          <S3Uploader bucket={stack.bucket} region="us-east-1" endpoint={stack.s3} keyPrefix={prefix} transport={transport} folders />
        </StsProvider>
      );
    }
    render(<Folders />);
    expect(screen.queryByLabelText('Choose a folder')).toBeTruthy();
    const picker = screen.getByLabelText('Choose a folder');
    expect(picker.hasAttribute('webkitdirectory')).toBe(true);
    const inFolder = (path: string, body: string) => {
      const f = new File([body], path.split('/').pop()!);
      Object.defineProperty(f, 'webkitRelativePath', { value: path });
      return f;
    };
    fireEvent.change(picker, { target: { files: [inFolder('docs/x.txt', 'X'), inFolder('docs/sub/y.txt', 'Y')] } });
    await waitFor(() => expect(screen.getByText('2 of 2 files')).toBeTruthy(), { timeout: 10_000 });
    expect([stored('first/docs/x.txt'), stored('first/docs/sub/y.txt')]).toEqual(['X', 'Y']);

    await userEvent.click(screen.getByRole('button', { name: 'move' }));
    await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['Z'], 'z.txt'));
    await waitFor(() => expect(screen.getByText('3 of 3 files')).toBeTruthy(), { timeout: 10_000 });
    expect(stored('second/z.txt')).toBe('Z');
  });

  it('makes download links where the queue uploads: with the settings it was made with, not the latest render’s', async () => {
    function Moving() {
      const [endpoint, setEndpoint] = useState(stack.s3);
      return (
        <StsProvider session={stackSession(stack)}>
          <button onClick={() => setEndpoint('http://127.0.0.1:9')}>move</button>
          <S3Uploader bucket={stack.bucket} region="us-east-1" endpoint={endpoint} keyPrefix="users/links/" transport={transport} />
        </StsProvider>
      );
    }
    render(<Moving />);
    await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['1'], 'one.txt'));
    await within(rowOf('one.txt')).findByRole('link', { name: 'Download' }, { timeout: 10_000 });
    // The queue keeps its endpoint for its life (a new React key starts it over): so must its links.
    await userEvent.click(screen.getByRole('button', { name: 'move' }));
    await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['2'], 'two.txt'));
    const link = await within(rowOf('two.txt')).findByRole('link', { name: 'Download' }, { timeout: 10_000 });
    expect(stored('users/links/two.txt')).toBe('2');
    expect(new URL(link.getAttribute('href')!).origin).toBe(new URL(stack.s3).origin);
  });

  it('retries a failed file from its row, reporting the failure and the success once each', async () => {
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'status', status: 500, times: 5 });
    const failed: string[] = [];
    const uploaded: string[] = [];
    try {
      app('users/retry/', { onUploadError: (e, f) => failed.push(`${e.name} ${f.name}`), onUploaded: (r) => uploaded.push(r.key) });
      await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['again'], 'again.txt'));
      await within(rowOf('again.txt')).findByRole('alert', {}, { timeout: 20_000 });
      expect(statusOf('again.txt')).toBe('error');
      expect(screen.getByText(/1 failed/)).toBeTruthy();
      expect(failed).toEqual(['InternalError again.txt']);
      await userEvent.click(within(rowOf('again.txt')).getByRole('button', { name: 'Retry' }));
      await waitFor(() => expect(statusOf('again.txt')).toBe('done'), { timeout: 10_000 });
      expect(stored('users/retry/again.txt')).toBe('again');
      await within(rowOf('again.txt')).findByRole('link', { name: 'Download' });
      expect([failed, uploaded]).toEqual([['InternalError again.txt'], ['users/retry/again.txt']]);
      expect(within(rowOf('again.txt')).queryByRole('alert')).toBeNull();
    } finally {
      stack.faults.clear();
    }
  });

  it('Cancel all stops every file and leaves no multipart upload on S3, reporting no error', async () => {
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 2_000, times: Infinity });
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs: 2_000, times: Infinity });
    const failed: string[] = [];
    try {
      app('users/cancel/', { partSize: 5 * 1024 * 1024, onUploadError: (e) => failed.push(e.name) });
      const big = (name: string) => new File([new Uint8Array(6 * 1024 * 1024)], name);
      await userEvent.upload(screen.getByLabelText('Choose files to upload'), [
        big('one.bin'),
        big('two.bin'),
        new File(['s'], 'small.txt'),
      ]);
      await waitFor(() => expect(stack.objects.uploads(stack.bucket).length).toBe(2), { timeout: 10_000 });
      await userEvent.click(screen.getByRole('button', { name: 'Cancel all' }));
      await waitFor(() => expect(['one.bin', 'two.bin', 'small.txt'].map(statusOf)).toEqual(['aborted', 'aborted', 'aborted']));
      await waitFor(() => expect(stack.objects.uploads(stack.bucket)).toEqual([]), { timeout: 10_000 });
      expect(within(rowOf('one.bin')).queryAllByRole('button')).toEqual([]);
      expect(screen.queryByRole('button', { name: 'Cancel all' })).toBeNull();
      expect(failed).toEqual([]);
    } finally {
      stack.faults.clear();
    }
  });

  it('pauses a resumable batch when its component goes away: S3 keeps the parts, and the same file added on the next mount sends only the rest', async () => {
    // One part held: the others reach S3 while it is still on its way.
    stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 3_000, times: 1 });
    const settings = {
      bucket: stack.bucket,
      region: 'us-east-1',
      endpoint: stack.s3,
      keyPrefix: 'users/leave/',
      transport,
      partSize: 5 * 1024 * 1024,
      resumable: true,
      resumeStore: memoryResumeStore(),
    };
    const big = () => new File([new Uint8Array(11 * 1024 * 1024).fill(7)], 'big.bin', { lastModified: 1_700_000_000_000 });
    const key = 'users/leave/big.bin';
    const mount = () =>
      renderHook(
        () => {
          const queue = useS3UploadQueue(settings);
          return { queue, status: queue.items[0]?.status };
        },
        { wrapper: providedBy(stackSession(stack)) },
      );
    try {
      const aborts = stack.log.count('s3', 'AbortMultipartUpload');
      const first = mount();
      act(() => void first.result.current.queue.add([big()]));
      await waitFor(() => expect(stack.objects.uploads(stack.bucket).find((u) => u.key === key)?.parts.length).toBeGreaterThan(0), {
        timeout: 10_000,
      });
      first.unmount();
      await new Promise((r) => setTimeout(r, 0)); // the deferred end of an unmount
      await waitFor(() => expect(stack.inProgress()).toBe(0), { timeout: 10_000 });
      expect(stack.log.count('s3', 'AbortMultipartUpload')).toBe(aborts);
      const open = stack.objects.uploads(stack.bucket).find((u) => u.key === key);
      expect(open, 'the upload is still open on S3').toBeDefined();
      const had = open!.parts.length;
      const created = stack.log.count('s3', 'CreateMultipartUpload');
      const partsBefore = stack.log.count('s3', 'UploadPart', 200);

      stack.faults.clear();
      const second = mount();
      act(() => void second.result.current.queue.add([big()]));
      await waitFor(() => expect(second.result.current.status).toBe('done'), { timeout: 10_000 });
      expect(stack.objects.get(stack.bucket, key)?.body.equals(Buffer.alloc(11 * 1024 * 1024, 7))).toBe(true);
      expect(stack.log.count('s3', 'CreateMultipartUpload'), 'no new upload').toBe(created);
      expect(stack.log.count('s3', 'UploadPart', 200) - partsBefore, 'only the parts S3 lacked').toBe(3 - had);
    } finally {
      stack.faults.clear();
    }
  });

  it('shows a bad setting as an alert with what to do, and sends nothing', async () => {
    const before = stack.log.count('s3');
    app('users/bad/', { concurrency: 0 });
    await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['x'], 'x.txt'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/concurrency/);
    // The hint, as a row shows its own error's: what to do, not only what was wrong.
    expect(alert.querySelector('.wik-hint')?.textContent).toBe(' Use 4 for most connections.');
    expect(screen.queryAllByRole('listitem')).toEqual([]);
    expect(stack.log.count('s3')).toBe(before);
  });

  it('says a drop whose files cannot be read could not be read, and what to do, sending nothing', async () => {
    const before = stack.log.count('s3');
    app('users/drop/');
    // A file moved or deleted between the drop and its reading: file() fails, as Chromium's does.
    const gone = {
      ...fileEntry('gone.txt', ''),
      file: (_ok: unknown, fail: (e: Error) => void) => fail(new DOMException('A requested file could not be found', 'NotFoundError')),
    };
    const items = [{ kind: 'file', webkitGetAsEntry: () => gone, getAsFile: () => null }];
    fireEvent.drop(screen.getByText('or drop them here').parentElement!, { dataTransfer: { items, files: [] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^The dropped files could not be read \(NotFoundError: A requested file could not be found\)/);
    expect(alert.querySelector('.wik-hint')?.textContent).toBe(' Drop the files again, or choose them with the file picker.');
    expect(screen.queryAllByRole('listitem')).toEqual([]);
    expect(stack.log.count('s3')).toBe(before);
  });
});
