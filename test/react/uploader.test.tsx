// @vitest-environment jsdom
// <S3Uploader> and useS3Upload against the local stack: real STS credentials from a minted ID
// token, real S3. (fetch transport here; the XHR path and its progress run in Chromium, e2e.)
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { createCredentialSession } from '../../src/credentials/index';
import { functionTokenSource } from '../../src/oidc/index';
import { S3Uploader, StsProvider } from '../../src/react';
import { fetchTransport } from '../../src/s3/index';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.close());
afterEach(cleanup);

// jsdom's File is not Node's Blob, which Node's fetch would send as "[object Blob]": read it first.
const read = (b: Blob) =>
  new Promise<Uint8Array>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(b);
  });
const transport: typeof fetchTransport = async (r) => fetchTransport({ ...r, body: r.body instanceof Blob ? await read(r.body) : r.body });

function app(keyPrefix: string, props: Partial<Parameters<typeof S3Uploader>[0]> = {}) {
  const session = createCredentialSession({
    roleArn: stack.roleArn,
    tokenSource: functionTokenSource(() => stack.mintIdToken({ sub: 'demo-user-0001' })),
    sts: { region: 'us-east-1', endpoint: stack.sts },
    tabs: false,
  });
  render(
    <StsProvider session={session}>
      <S3Uploader
        bucket={stack.bucket}
        region="us-east-1"
        endpoint={stack.s3}
        keyPrefix={keyPrefix}
        transport={transport}
        className="mine"
        {...props}
      />
    </StsProvider>,
  );
}

describe('<S3Uploader>', () => {
  it('uploads a chosen file, then shows its key and a download link', async () => {
    app('users/demo/');
    const file = new File(['hello from the uploader'], 'hello.txt', { type: 'text/plain' });
    await userEvent.upload(screen.getByLabelText('Choose files to upload'), file);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('done'), { timeout: 10_000 });
    expect(stack.objects.get('demo', 'users/demo/hello.txt')?.body.toString()).toBe('hello from the uploader');
    expect(screen.getByText('users/demo/hello.txt').tagName).toBe('CODE');
    const link = await screen.findByRole('link', { name: 'Download' });
    expect(await (await fetch(link.getAttribute('href')!)).text()).toBe('hello from the uploader');
    expect(screen.getByRole('progressbar', { name: 'Upload of hello.txt' })).toBeTruthy();
    expect(document.querySelector('.wik-uploader')!.className).toBe('wik-uploader mine');
  });

  it('does not report a cancel as an upload error', async () => {
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'latency', latencyMs: 3_000 });
    const reported: string[] = [];
    try {
      app('users/demo/', { onUploadError: (e) => reported.push(e.name) });
      await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['slow'], 'slow.txt'));
      await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('aborted'));
      expect(reported).toEqual([]);
    } finally {
      stack.faults.clear();
    }
  });

  it('shows a failed upload with the error and its hint, and reports it once through onUploadError', async () => {
    stack.faults.add({ service: 's3', action: 'PutObject', kind: 'status', status: 500, times: 20 });
    const reported: [string, string][] = [];
    try {
      app('users/demo/', { onUploadError: (e, f) => reported.push([e.name, f.name]) });
      await userEvent.upload(screen.getByLabelText('Choose files to upload'), new File(['x'], 'doomed.txt'));
      const alert = await screen.findByRole('alert', {}, { timeout: 20_000 });
      expect(alert.textContent).toMatch(/internal error/i);
      expect(screen.getByRole('status').textContent).toBe('error');
      expect(reported).toEqual([['InternalError', 'doomed.txt']]);
    } finally {
      stack.faults.clear();
    }
  });
});
