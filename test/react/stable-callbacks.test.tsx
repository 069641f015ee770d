// @vitest-environment jsdom
// The React layer's details that decide whether an app re-renders more than it must: callbacks
// keep their identity (safe in dependency arrays and as props of memoised children), uploader
// rows keep their keys, and a component that never reads progress is not re-rendered by it.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialSession, CredentialsSnapshot } from '../../src/credentials/index';
import { S3Uploader, StsProvider, useAwsCredentials, useS3Upload } from '../../src/react';
import { gatedTransport, providedBy, stubSession } from './fixtures';

afterEach(cleanup);

describe('useS3Upload', () => {
  it('keeps upload, pause, resume and abort identical across re-renders', async () => {
    const { transport, progress, finish } = gatedTransport();
    // Settings written inline, a new object every render, as apps write them.
    const { result, rerender } = renderHook(() => useS3Upload({ bucket: 'uploads', region: 'us-east-1', transport }), {
      wrapper: providedBy(stubSession()),
    });
    const first = result.current;
    rerender();
    for (const name of ['upload', 'pause', 'resume', 'abort'] as const) expect(result.current[name], name).toBe(first[name]);

    // ...and across the re-renders an upload's own state changes cause.
    let done!: Promise<unknown>;
    act(() => void (done = result.current.upload(new Uint8Array(64), { key: 'k' })));
    await waitFor(() => expect(result.current.status).toBe('uploading'));
    progress();
    finish();
    await act(() => done);
    expect(result.current.status).toBe('done');
    for (const name of ['upload', 'pause', 'resume', 'abort'] as const) expect(result.current[name], name).toBe(first[name]);
  });

  it('does not re-render a component that reads no progress while progress events arrive', async () => {
    const { transport, calls, progress, finish } = gatedTransport();
    const settings = { bucket: 'uploads', region: 'us-east-1', transport, checksum: 'none' as const };
    const renders = { status: 0, progress: 0 };
    // Each starts its own upload of 100 bytes when asked; one shows progress, the other only status.
    function ShowsProgress() {
      const { upload, status, progress } = useS3Upload(settings);
      renders.progress++;
      return (
        <p>
          <button onClick={() => void upload(new Uint8Array(100), { key: 'a' })}>start a</button>
          <span data-testid="a">
            {status} {progress?.loaded ?? '-'}
          </span>
        </p>
      );
    }
    function StatusOnly() {
      const { upload, status } = useS3Upload(settings);
      renders.status++;
      return (
        <p>
          <button onClick={() => void upload(new Uint8Array(100), { key: 'b' })}>start b</button>
          <span data-testid="b">{status}</span>
        </p>
      );
    }
    render(
      <StsProvider session={stubSession()}>
        <ShowsProgress />
        <StatusOnly />
      </StsProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'start a' }));
    fireEvent.click(screen.getByRole('button', { name: 'start b' }));
    await waitFor(() => expect(calls.length).toBe(2));
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('uploading 0'));
    expect(screen.getByTestId('b').textContent).toBe('uploading');
    const [statusBefore, progressBefore] = [renders.status, renders.progress];

    progress(); // both transports now report 50, then 100 bytes
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('uploading 100'));
    expect(renders.progress).toBeGreaterThan(progressBefore); // the events did arrive...
    expect(renders.status).toBe(statusBefore); // ...and left the status-only component alone

    finish();
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('done'));
    expect(renders.status).toBe(statusBefore + 1);
  });
});

/** A CredentialSession written as a class, its methods on the prototype: nothing is pre-bound. */
class ClassSession implements CredentialSession {
  readonly #listeners = new Set<() => void>();
  #snapshot: CredentialsSnapshot = { status: 'signed-out' };
  refreshes = 0;
  getSnapshot(): CredentialsSnapshot {
    return this.#snapshot;
  }
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  getCredentials(): Promise<never> {
    return Promise.reject(new Error(`signed out (${this.#snapshot.status})`));
  }
  refresh(): Promise<never> {
    this.refreshes++;
    return this.getCredentials();
  }
  signIn(): Promise<void> {
    this.#snapshot = { status: 'loading' };
    this.#listeners.forEach((l) => l());
    return Promise.resolve();
  }
  signOut(): Promise<void> {
    this.#snapshot = { status: 'signed-out' };
    this.#listeners.forEach((l) => l());
    return Promise.resolve();
  }
  dispose(): void {}
}

describe('useAwsCredentials', () => {
  const names = ['getCredentials', 'refresh', 'signIn', 'signOut'] as const;

  it('keeps getCredentials, refresh, signIn and signOut identical across re-renders', async () => {
    const session = stubSession();
    const { result, rerender } = renderHook(() => useAwsCredentials(), { wrapper: providedBy(session) });
    const first = result.current;
    rerender();
    await waitFor(() => expect(result.current.status).toBe('ready')); // a snapshot change re-renders too
    for (const name of names) expect(result.current[name], name).toBe(first[name]);
  });

  it('gives callbacks that work on their own, and stay identical, for a session written as a class', async () => {
    const session = new ClassSession();
    const statuses: string[] = [];
    const { result, rerender } = renderHook(
      () => {
        const state = useAwsCredentials();
        statuses.push(state.status); // read during render, as components do
        return state;
      },
      { wrapper: providedBy(session) },
    );
    const first = result.current;
    const { signIn, refresh, getCredentials } = first;
    await act(() => signIn());
    expect(statuses.at(-1)).toBe('loading');
    await expect(refresh()).rejects.toThrow('signed out (loading)');
    await expect(getCredentials()).rejects.toThrow('signed out (loading)');
    expect(session.refreshes).toBe(1);
    rerender();
    for (const name of names) expect(result.current[name], name).toBe(first[name]);
  });
});

describe('<S3Uploader>', () => {
  it('keys each row by an id given once, when its file is added', () => {
    const { transport } = gatedTransport();
    const errors: unknown[][] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    // Two additions within one millisecond, with Math.random as unlucky as it can be.
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_750_000_000_000);
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      render(
        <StsProvider session={stubSession()}>
          <S3Uploader bucket="uploads" region="us-east-1" transport={transport} checksum="none" />
        </StsProvider>,
      );
      const input = screen.getByLabelText('Choose files to upload');
      fireEvent.change(input, { target: { files: [new File(['a'], 'a.txt'), new File(['b'], 'b.txt')] } });
      const firstRow = screen.getAllByRole('listitem')[0];
      fireEvent.change(input, { target: { files: [new File(['c'], 'c.txt')] } });
      const rows = screen.getAllByRole('listitem');
      expect(rows.map((r) => r.querySelector('.wik-file-name')!.textContent)).toEqual(['a.txt', 'b.txt', 'c.txt']);
      expect(rows[0]).toBe(firstRow); // the first row was kept, not remounted
      expect(errors.map((e) => String(e[0]))).not.toContainEqual(expect.stringMatching(/same key/));
    } finally {
      now.mockRestore();
      random.mockRestore();
      consoleError.mockRestore();
    }
  });
});
