// @vitest-environment jsdom
// <S3Uploader resumable> after a reload (issue 15, item 2), on the in-process S3: on mount, the
// uploads a reload cut off come back as rows. One whose bytes were kept offers Resume, which sends
// only the part S3 lacks; one that only the user can give back says to pick the file again.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Uploader, StsProvider } from '../../src/react';
import { fingerprintOf } from '../../src/s3/fingerprint';
import { memoryResumeStore, type ResumeSource } from '../../src/s3/index';
import { BUCKET, bytes, ENDPOINT, MiB, stubS3, type StubS3 } from '../s3/stub-s3';
import { stubSession } from './fixtures';

afterEach(cleanup);

/** What the page before the reload left: an open multipart upload on S3 with part 1 of `body`, and its record. */
async function cutOff(
  stub: StubS3,
  store: ReturnType<typeof memoryResumeStore>,
  name: string,
  body: Uint8Array<ArrayBuffer>,
  keep: boolean,
) {
  const source: ResumeSource = {
    name,
    size: body.length,
    type: 'application/octet-stream',
    lastModified: 1_700_000_000_000,
    relativePath: '',
  };
  const file = new File([body], name, { type: source.type, lastModified: source.lastModified });
  const uploadId = `open-${name}`;
  stub.uploads.set(uploadId, { key: name, parts: new Map([[1, body.subarray(0, 5 * MiB)]]) });
  const key = `upload-queue:${BUCKET}/${name}`;
  const fingerprint = await fingerprintOf(file);
  await store.put(key, {
    bucket: BUCKET,
    key: name,
    uploadId,
    fingerprint,
    partSize: 5 * MiB,
    checksum: 'none',
    parts: { 1: { etag: '"x"' } },
    source,
  });
  if (keep) await store.putBody!(key, new Blob([body]));
}

describe('<S3Uploader resumable> after a reload', () => {
  it('shows the uploads a reload cut off: Resume where the bytes were kept (only the missing part sent), else pick the file again', async () => {
    const stub = stubS3();
    const store = memoryResumeStore();
    const kept = bytes(6 * MiB);
    await cutOff(stub, store, 'kept.bin', kept, true);
    await cutOff(stub, store, 'lost.bin', bytes(6 * MiB), false);
    render(
      <StsProvider session={stubSession()}>
        <S3Uploader
          bucket={BUCKET}
          region="us-east-1"
          endpoint={ENDPOINT}
          transport={stub.transport}
          partSize={5 * MiB}
          resumable
          resumeStore={store}
        />
      </StsProvider>,
    );
    const row = (name: string) => screen.getByText(name, { selector: '.wik-file-name' }).closest('li')!;
    await screen.findByText('kept.bin');
    expect(within(row('kept.bin')).getByRole('status').textContent).toBe('paused');
    expect(within(row('lost.bin')).queryByRole('button', { name: 'Resume' })).toBeNull();
    expect(within(row('lost.bin')).getByText('Pick the file again to resume')).toBeTruthy();
    expect(stub.seen, 'nothing sent before the user asks').toEqual([]);

    await userEvent.click(within(row('kept.bin')).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(within(row('kept.bin')).getByRole('status').textContent).toBe('done'), { timeout: 10_000 });
    expect(stub.seen.filter((r) => r.action === 'UploadPart').map((r) => `${r.key}#${r.partNumber}`)).toEqual(['kept.bin#2']);
    expect(stub.count('CreateMultipartUpload')).toBe(0);
    expect(Buffer.compare(stub.objects.get('kept.bin')!, kept)).toBe(0);
    expect(within(row('lost.bin')).getByRole('status').textContent).toBe('paused');
  });
});
