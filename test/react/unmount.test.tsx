// @vitest-environment jsdom
// What an upload leaves on S3 when its component goes away, against the local stack: a resumable
// upload keeps its parts for the next mount (as after a reload), any other leaves nothing.
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { useS3Upload } from '../../src/react';
import { memoryResumeStore } from '../../src/s3/index';
import { providedBy, stackSession } from './fixtures';

const MiB = 1024 * 1024;
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.close());
afterEach(() => {
  cleanup();
  stack.faults.clear();
});

const wrapper = ({ children }: { children: ReactNode }) => providedBy(stackSession(stack))({ children });

const body = new Uint8Array(11 * MiB).fill(3); // three parts of 5 MiB
const openUpload = (key: string) => stack.objects.uploads(stack.bucket).find((u) => u.key === key);

/** Starts the upload, lets two parts reach S3 while the third is held, unmounts, and waits for S3 to settle. */
async function uploadAndLeave(settings: Parameters<typeof useS3Upload>[0], key: string) {
  stack.faults.add({ service: 's3', action: 'UploadPart', kind: 'latency', latencyMs: 3_000, times: 1 });
  const { result, unmount } = renderHook(() => useS3Upload(settings), { wrapper });
  act(() => void result.current.upload(body, { key }).catch(() => {}));
  await waitFor(() => expect(openUpload(key)?.parts.length).toBeGreaterThan(0), { timeout: 10_000 });
  unmount();
  await new Promise((r) => setTimeout(r, 0)); // the deferred end of an unmount
  await waitFor(() => expect(stack.inProgress()).toBe(0), { timeout: 10_000 });
}

describe('useS3Upload when its component goes away', () => {
  const where = () => ({ bucket: stack.bucket, region: 'us-east-1', endpoint: stack.s3, partSize: 5 * MiB });

  it('pauses an upload with a resumeKey: S3 keeps its parts, and the next mount sends only the rest', async () => {
    const settings = { ...where(), resumeKey: 'leave-me', resumeStore: memoryResumeStore() };
    const key = 'users/unmount/resumable.bin';
    const aborts = stack.log.count('s3', 'AbortMultipartUpload');
    await uploadAndLeave(settings, key);
    expect(stack.log.count('s3', 'AbortMultipartUpload')).toBe(aborts);
    const had = openUpload(key)?.parts.length;
    expect(had, 'the upload is still open on S3').toBeGreaterThan(0);
    const created = stack.log.count('s3', 'CreateMultipartUpload');
    const parts = stack.log.count('s3', 'UploadPart', 200);

    const { result } = renderHook(() => useS3Upload(settings), { wrapper });
    await act(() => result.current.upload(body, { key }));
    expect(stack.objects.get(stack.bucket, key)?.body.equals(Buffer.from(body))).toBe(true);
    expect(stack.log.count('s3', 'CreateMultipartUpload'), 'no new upload').toBe(created);
    expect(stack.log.count('s3', 'UploadPart', 200) - parts, 'only the parts S3 lacked').toBe(3 - had!);
  });

  it('aborts an upload without one: S3 keeps nothing of it', async () => {
    const key = 'users/unmount/plain.bin';
    const aborts = stack.log.count('s3', 'AbortMultipartUpload', 204);
    await uploadAndLeave(where(), key);
    expect(openUpload(key)).toBeUndefined();
    expect(stack.log.count('s3', 'AbortMultipartUpload', 204) - aborts).toBe(1);
    expect(stack.objects.get(stack.bucket, key)).toBeUndefined();
  });
});
