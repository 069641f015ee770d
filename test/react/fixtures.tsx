// What the React tests share: a credential session on a stub STS and an injected clock, or on the
// local stack; a wrapper that provides it; an S3 stand-in whose PUTs wait to be let through; and
// Blob.arrayBuffer(), which every browser has and jsdom lacks.
import type { ReactNode } from 'react';
import type { LocalStack } from '../../stack/stack';
import { createCredentialSession, type CredentialSession } from '../../src/credentials/index';
import { functionTokenSource } from '../../src/oidc/index';
import { StsProvider } from '../../src/react';
import type { S3Request, Transport } from '../../src/s3/index';
import { createFakeTokenSource, createStsStub, createTestClock, type FakeTokenSource, type StsStub } from '../../src/testing/index';

export const ROLE = 'arn:aws:iam::123456789012:role/web';

/** A session on a stub STS, with its clock, stub and token source (given ones used as they are). */
export function stubWorld(o: { tokens?: FakeTokenSource; stub?: StsStub } = {}) {
  const clock = createTestClock(Math.floor(Date.now() / 1000) * 1000);
  const stub = o.stub ?? createStsStub({ now: clock.now });
  const tokens = o.tokens ?? createFakeTokenSource({ now: clock.now });
  const session = createCredentialSession({
    roleArn: ROLE,
    tokenSource: tokens,
    sts: { region: 'us-east-1', fetch: stub.fetch, maxAttempts: 1 },
    now: clock.now,
    timers: clock,
    tabs: false,
    random: () => 0,
  });
  return { session, stub, tokens, clock };
}

export const stubSession = (): CredentialSession => stubWorld().session;

/** A session on the local stack's STS, for an ID token the stack's IdP signs. */
export function stackSession(stack: LocalStack): CredentialSession {
  return createCredentialSession({
    roleArn: stack.roleArn,
    tokenSource: functionTokenSource(() => stack.mintIdToken({ sub: 'demo-user-0001' })),
    sts: { region: 'us-east-1', endpoint: stack.sts },
    tabs: false,
  });
}

/** A renderHook wrapper: `session` provided by an StsProvider. */
export const providedBy =
  (session: CredentialSession) =>
  ({ children }: { children: ReactNode }) => <StsProvider session={session}>{children}</StsProvider>;

/** An S3 stand-in: each PUT waits for `progress()`, reports half then all of its body, then waits for `finish()`; an abort rejects it. */
export function gatedTransport() {
  let progress!: () => void;
  let finish!: () => void;
  const progressGate = new Promise<void>((r) => (progress = r));
  const finishGate = new Promise<void>((r) => (finish = r));
  const calls: S3Request[] = [];
  const size = (body: S3Request['body']) =>
    body instanceof Blob ? body.size : typeof body === 'string' ? body.length : (body?.byteLength ?? 0);
  const aborted = (signal?: AbortSignal) =>
    new Promise<never>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new DOMException('The request was aborted', 'AbortError')), { once: true }),
    );
  const transport: Transport = async (r) => {
    calls.push(r);
    await Promise.race([progressGate, aborted(r.signal)]);
    r.onUploadProgress?.(Math.floor(size(r.body) / 2));
    r.onUploadProgress?.(size(r.body));
    await Promise.race([finishGate, aborted(r.signal)]);
    return { status: 200, header: (n) => (n.toLowerCase() === 'etag' ? '"0123456789abcdef"' : null), body: '' };
  };
  return { transport, calls, progress, finish };
}

/** A Blob's bytes through FileReader: jsdom's File is not Node's Blob, which Node's fetch would send as "[object Blob]". */
export const read = (b: Blob) =>
  new Promise<Uint8Array<ArrayBuffer>>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(b);
  });

// The resume fingerprint reads slices with arrayBuffer(), which jsdom's Blob lacks.
if (typeof Blob !== 'undefined' && !('arrayBuffer' in Blob.prototype)) {
  Object.defineProperty(Blob.prototype, 'arrayBuffer', {
    value(this: Blob) {
      return read(this).then((b) => b.buffer);
    },
  });
}
