// createStsStub(): a fetch that answers like STS, for users' own tests (what Ruby's
// ClientStubs gives: stub_responses and api_requests). Requests go through the real client, so
// a test exercises the real serialiser, parser, errors and retries.
import { STS_OPERATIONS } from '../sts/operations';
import type { FetchLike } from '../sts/config';
import type { Operation } from '../sts/model';
import { parseForm, readQuery } from './query-params';
import { errorWire, renderErrorXml, renderSuccessXml, type StsErrorAnswer } from './sts-xml';

/** One request the stub received, as {@link StsStub.requests} records it. */
export interface StubbedRequest {
  /** The operation, e.g. 'AssumeRoleWithWebIdentity'. */
  action: string;
  /** The decoded input, as the caller passed it. */
  input: Record<string, unknown>;
  /** The raw form parameters. */
  params: Record<string, string>;
  /** The URL the request went to. */
  url: string;
  /** The request headers, lower-case names. */
  headers: Record<string, string>;
  /** Whether it carried a SigV4 Authorization header. */
  signed: boolean;
}

/** An error answer, as STS would send it. */
export class StubError {
  constructor(readonly error: StsErrorAnswer) {}
}
/** A raw HTTP answer, for bodies STS never sends (proxies, truncation). */
export class StubRaw {
  constructor(readonly raw: { status: number; body: string; headers?: Record<string, string> }) {}
}
/** The connection drops before any answer. */
export class StubNetworkFailure {}
/** What an unscripted call gets (fresh credentials where the operation returns them). */
export class StubDefault {}

/**
 * What a scripted call answers: an output object (serialised as STS would), or a {@link StubError},
 * {@link StubRaw}, {@link StubNetworkFailure} or {@link StubDefault}.
 */
export type StubAnswer = object | StubError | StubRaw | StubNetworkFailure | StubDefault;
/** An answer, or a function of the request that returns one. */
export type StubResponder = StubAnswer | ((request: StubbedRequest) => StubAnswer);

const isResponderFunction = (r: StubResponder): r is (request: StubbedRequest) => StubAnswer => typeof r === 'function';

/** An STS error answer, e.g. `stubError('InvalidIdentityToken', 'Token expired')`; status from the model unless given. */
export const stubError = (Code: string, Message?: string, more: Omit<StsErrorAnswer, 'Code' | 'Message'> = {}) =>
  new StubError({ Code, Message, ...more });
/** A raw HTTP answer with any status and body (for answers STS never sends: proxies, truncation). */
export const stubRaw = (status: number, body: string, headers?: Record<string, string>) => new StubRaw({ status, body, headers });
/** A dropped connection: the stub's fetch rejects with a TypeError, as fetch does. */
export const stubNetworkFailure = () => new StubNetworkFailure();
/** The unscripted answer: fresh credentials where the operation returns them, else an empty result. */
export const stubDefault = () => new StubDefault();

/** The options of {@link createStsStub}. */
export interface StsStubOptions {
  /** The clock behind default credentials' expiry; defaults to Date.now. */
  now?: () => number;
  /** Lifetime of default credentials, in seconds. Default 3600. */
  credentialsLifetimeSeconds?: number;
}

/** A fake STS made by {@link createStsStub}: pass its `fetch` to the client, script answers, read requests. */
export interface StsStub {
  /** The fetch to give the client (`new StsClient({ region, fetch: stub.fetch })`). */
  fetch: FetchLike;
  /** Every request received, in order. */
  requests: StubbedRequest[];
  /**
   * Scripts the answers for an action: consumed in order, the last one repeating. Any string is
   * taken (for actions STS does not have); `string & NonNullable<unknown>` keeps the names offered.
   */
  respond(action: keyof typeof STS_OPERATIONS | (string & NonNullable<unknown>), ...answers: StubResponder[]): StsStub;
  /** Requests of one action. */
  calls(action: string): StubbedRequest[];
  /** Forgets the scripts and the recorded requests. */
  reset(): void;
}

let counter = 0;
const requestId = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
const randomChars = (n: number, alphabet: string) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => alphabet[b % alphabet.length]).join('');

/**
 * A fetch that answers like STS, for your own tests: requests go through the real client, so a test
 * exercises the real serialiser, parser, errors and retries. Unscripted calls get fresh credentials
 * (lasting `credentialsLifetimeSeconds`, default 3600) where the operation returns them.
 *
 * @example
 * ```ts
 * import { StsClient } from 'web-identity-kit/sts';
 * import { createStsStub, stubDefault, stubError } from 'web-identity-kit/testing';
 *
 * const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError('InvalidIdentityToken'), stubDefault());
 * const sts = new StsClient({ region: 'eu-west-1', fetch: stub.fetch, maxAttempts: 1 });
 * await expect(sts.assumeRoleWithWebIdentity(input)).rejects.toThrow(InvalidIdentityTokenException);
 * expect(stub.calls('AssumeRoleWithWebIdentity')).toHaveLength(1);
 * ```
 */
export function createStsStub(options: StsStubOptions = {}): StsStub {
  const now = options.now ?? Date.now;
  const lifetime = options.credentialsLifetimeSeconds ?? 3600;
  const scripts = new Map<string, StubResponder[]>();
  const requests: StubbedRequest[] = [];

  /** What an unscripted call gets: fresh credentials where the operation returns them. */
  const defaultAnswer = (op: Operation, req: StubbedRequest): object => {
    if (!('Credentials' in op.output.members)) return {};
    const out: Record<string, unknown> = {
      Credentials: {
        AccessKeyId: 'ASIA' + randomChars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
        SecretAccessKey: randomChars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
        SessionToken: 'IQoJb3JpZ2luX2VjE' + randomChars(200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
        Expiration: new Date(Math.floor(now() / 1000) * 1000 + lifetime * 1000),
      },
    };
    const roleArn = req.input.RoleArn;
    if (typeof roleArn === 'string' && roleArn && 'AssumedRoleUser' in op.output.members) {
      const name = roleArn.split('/').pop();
      const sessionName = String(req.input.RoleSessionName);
      out.AssumedRoleUser = {
        AssumedRoleId: `AROA${randomChars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}:${sessionName}`,
        Arn: `${roleArn
          .replace(':iam:', ':sts:')
          .replace(':role/', ':assumed-role/')
          .replace(/\/[^/]*$/, `/${name}`)}/${sessionName}`,
      };
    }
    return out;
  };

  // Settles as an async function would (the work happens at the call, a throw is the rejection).
  const fetch: FetchLike = (url, init) => new Promise((resolve) => resolve(answer(url, init)));

  const answer = (url: string, init: RequestInit): Response => {
    // The client always sends a string; a URLSearchParams (a user's own call) reads the same.
    const body = typeof init.body === 'string' || init.body instanceof URLSearchParams ? init.body.toString() : '';
    const params = parseForm(body);
    const action = params.get('Action') ?? '';
    const op = (STS_OPERATIONS as Record<string, Operation>)[action];
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const req: StubbedRequest = {
      action,
      input: op ? readQuery(op.input, params) : {},
      params: Object.fromEntries(params),
      url: String(url),
      headers,
      signed: 'authorization' in headers,
    };
    requests.push(req);
    init.signal?.throwIfAborted();

    const script = scripts.get(action);
    const next = script && (script.length > 1 ? script.shift()! : script[0]);
    const scripted = next === undefined ? new StubDefault() : isResponderFunction(next) ? next(req) : next;
    const reply =
      scripted instanceof StubDefault
        ? op
          ? defaultAnswer(op, req)
          : new StubError({ Code: 'InvalidAction', Message: `Could not find operation ${action}` })
        : scripted;
    const id = requestId();
    if (reply instanceof StubNetworkFailure) throw new TypeError('fetch failed (stubbed network failure)');
    if (reply instanceof StubRaw) return new Response(reply.raw.body, { status: reply.raw.status, headers: reply.raw.headers });
    const xmlHeaders = { 'content-type': 'text/xml', 'x-amzn-requestid': id, date: new Date(now()).toUTCString() };
    if (reply instanceof StubError) {
      return new Response(renderErrorXml(reply.error, id), { status: errorWire(reply.error).status, headers: xmlHeaders });
    }
    return new Response(renderSuccessXml(op, reply, id), { status: 200, headers: xmlHeaders });
  };

  const stub: StsStub = {
    fetch,
    requests,
    respond(action, ...answers) {
      scripts.set(action, answers);
      return stub;
    },
    calls: (action) => requests.filter((r) => r.action === action),
    reset() {
      scripts.clear();
      requests.length = 0;
    },
  };
  return stub;
}
