// Every STS XML body in sts/examples, answered through the real client (createStsStub's stubRaw):
// the values must come out as the XML holds them (Dates for timestamps, tokens verbatim), the
// request id from the x-amzn-requestid header where the README lists one and from the body
// otherwise, and error bodies must become the right exception class with Code, Type and message.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oraclePath, readOracleJson, readOracleText } from './oracles';
import { StsClient } from '../src/sts/client';
import { STS_OPERATIONS } from '../src/sts/operations';
import * as errors from '../src/sts/errors';
import { STS_ERRORS, type Operation } from '../src/sts/model';
import { createStsStub, stubRaw } from '../src/testing/index';

const DIR = ['sts', 'examples'];
const ROLE = 'arn:aws:iam::123456789012:role/sdk-test';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl';

/** Which call each example answers, as the README's table says. */
const OPERATION_OF: Record<string, keyof typeof STS_OPERATIONS> = {
  'assume-role-with-web-identity.smithy-rs.xml': 'AssumeRoleWithWebIdentity',
  'assume-role-with-web-identity.aws-api-reference-via-aws-c-auth.xml': 'AssumeRoleWithWebIdentity',
  'assume-role.smithy-rs.xml': 'AssumeRole',
  'get-caller-identity.botocore.xml': 'GetCallerIdentity',
  'get-session-token.botocore.xml': 'GetSessionToken',
  'error-invalid-identity-token.smithy-rs.xml': 'AssumeRoleWithWebIdentity',
  'error-access-denied.botocore.xml': 'GetSessionToken',
};

/** A valid input for each operation the examples answer. */
const INPUT: Record<string, object> = {
  AssumeRoleWithWebIdentity: { RoleArn: ROLE, RoleSessionName: 'test-session', WebIdentityToken: TOKEN },
  AssumeRole: { RoleArn: 'arn:aws:iam::123456789:role/integration-test', RoleSessionName: 'assume-role-provider-session' },
  GetCallerIdentity: {},
  GetSessionToken: {},
};

// ---- the README's table: HTTP status and headers where recorded -----------------------------

interface Recorded {
  status?: number;
  headers: Record<string, string>;
}

function recordedAnswers(): Record<string, Recorded> {
  const out: Record<string, Recorded> = {};
  for (const row of readOracleText(...DIR, 'README.md').split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    const file = /^`([^`]+\.xml)`/.exec(cells[1] ?? '')?.[1];
    if (!file) continue;
    const http = cells[3] ?? '';
    const headers: Record<string, string> = {};
    for (const [, name, value] of http.matchAll(/`([a-z-]+): ([^`]+)`/g)) headers[name] = value;
    const status = /^(\d{3})\b/.exec(http)?.[1];
    out[file] = { status: status ? Number(status) : undefined, headers };
  }
  return out;
}

const RECORDED = recordedAnswers();
const FILES = readdirSync(oraclePath(...DIR))
  .filter((f) => f.endsWith('.xml'))
  .sort();
const isError = (xml: string) => /^\s*<ErrorResponse\b/.test(xml);
// AccessDenied's status was not recorded; 403 is what STS uses for it.
const statusOf = (file: string, xml: string) => RECORDED[file]?.status ?? (isError(xml) ? 403 : 200);

/** Answers one call with the example, as STS would (status and headers from the README). */
async function call(file: string) {
  const xml = readOracleText(...DIR, file);
  const name = OPERATION_OF[file];
  const stub = createStsStub().respond(name, stubRaw(statusOf(file, xml), xml, RECORDED[file]?.headers));
  const client = new StsClient({
    region: 'us-east-1',
    fetch: stub.fetch,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  const operation = (STS_OPERATIONS as Record<string, Operation>)[name];
  const outcome = await client.send(operation, INPUT[name] as never).then(
    (output: unknown) => ({ output: output as ExampleOutput, error: undefined }),
    (error: unknown) => ({ output: undefined, error: error as errors.StsServiceException }),
  );
  expect(stub.requests).toHaveLength(1);
  expect(stub.requests[0].action).toBe(name);
  return { xml, ...outcome };
}

/** What the tests read of a client output: its metadata, and Credentials where the operation returns them. */
interface ExampleOutput {
  $metadata: { requestId?: string; httpStatusCode?: number };
  Credentials?: { Expiration: Date; SessionToken: string; [member: string]: unknown };
  [member: string]: unknown;
}

/** botocore's parse of an example (sts/examples/*.botocore.expected.json): Expiration as an ISO string. */
interface BotocoreParse {
  Credentials?: { Expiration: string; [member: string]: unknown };
  Error?: { Code: string; Message: string; Type: string };
  ResponseMetadata: { RequestId: string };
}

// ---- an independent reading of the XML: every leaf under {Op}Result, by dotted path ---------

function resultLeaves(xml: string): Map<string, string> {
  const leaves = new Map<string, string>();
  const stack: string[] = [];
  const hasChild: boolean[] = [];
  let text = '';
  for (const [, slash, tag, chars] of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*>|([^<]+)/g)) {
    if (chars !== undefined) {
      text = chars;
    } else if (!slash) {
      hasChild[stack.length - 1] = true;
      stack.push(tag);
      hasChild[stack.length - 1] = false;
      text = '';
    } else {
      if (!hasChild[stack.length - 1] && /Result$/.test(stack[1] ?? '')) leaves.set(stack.slice(2).join('.'), text);
      stack.pop();
    }
  }
  return leaves;
}

/** The client's output flattened the same way. */
function outputLeaves(value: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()) {
  for (const [k, v] of Object.entries(value)) {
    if (k === '$metadata') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !(v instanceof Date)) outputLeaves(v as Record<string, unknown>, path, out);
    else out.set(path, v);
  }
  return out;
}

const bodyRequestId = (xml: string) => /<RequestId>([^<]*)<\/RequestId>/.exec(xml)![1];

// ---- tests ------------------------------------------------------------------------------------

describe('STS examples through StsClient', () => {
  it('covers every XML file in sts/examples, each with a known operation', () => {
    expect(FILES).toHaveLength(7);
    for (const file of FILES) expect(OPERATION_OF[file], file).toBeDefined();
    expect(Object.keys(RECORDED).sort()).toEqual(FILES);
  });

  const successes = FILES.filter((f) => !f.startsWith('error-'));
  const failures = FILES.filter((f) => f.startsWith('error-'));

  it.each(successes)('%s: every value of the Result, as the XML holds it', async (file) => {
    const { xml, output, error } = await call(file);
    expect(error).toBeUndefined();
    const want = resultLeaves(xml);
    const got = outputLeaves(output!);
    expect(want.size).toBeGreaterThanOrEqual(3);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [path, text] of want) {
      const value = got.get(path);
      if (value instanceof Date) expect(value.getTime(), path).toBe(Date.parse(text));
      else expect(value, path).toBe(text);
    }
  });

  it.each(successes)('%s: request id from the header when recorded, else from the body', async (file) => {
    const { xml, output } = await call(file);
    const header = RECORDED[file].headers['x-amzn-requestid'];
    expect(output!.$metadata.requestId).toBe(header ?? bodyRequestId(xml));
    if (header) expect(header).toBe(bodyRequestId(xml));
    expect(output!.$metadata.httpStatusCode).toBe(200);
  });

  it.each(successes.filter((f) => /Expiration/.test(readOracleText(...DIR, f))))('%s: Credentials.Expiration is a Date', async (file) => {
    const { output } = await call(file);
    expect(output!.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(Number.isNaN(output!.Credentials!.Expiration.getTime())).toBe(false);
  });

  it('get-session-token: equal to botocore’s parse (token verbatim with its newlines, ms Expiration)', async () => {
    const expected = readOracleJson<BotocoreParse>(...DIR, 'get-session-token.botocore.expected.json');
    const { output } = await call('get-session-token.botocore.xml');
    const { Expiration, ...rest } = output!.Credentials!;
    const { Expiration: wantExpiration, ...wantRest } = expected.Credentials!;
    expect(rest).toEqual(wantRest);
    expect(rest.SessionToken).toContain('\n       ');
    expect(Expiration).toEqual(new Date(wantExpiration));
    expect(Expiration.getUTCMilliseconds()).toBe(611);
    expect(output!.$metadata.requestId).toBe(expected.ResponseMetadata.RequestId);
  });

  /** The class the kit should raise for a wire code: the modelled one, or the base class. */
  const classFor = (code: string) => {
    const name = Object.entries(STS_ERRORS).find(([, e]) => e.code === code)?.[0];
    return { name: name ?? code, type: name ? (errors as Record<string, unknown>)[name] : errors.StsServiceException };
  };

  it.each(failures)('%s: the right exception class, Code, Type and status', async (file) => {
    const { xml, error } = await call(file);
    const code = /<Code>([^<]*)<\/Code>/.exec(xml)![1];
    const { name, type } = classFor(code);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(errors.StsServiceException);
    expect(error!.name).toBe(name);
    expect(error!.Code).toBe(code);
    expect(error!.Type).toBe(/<Type>([^<]*)<\/Type>/.exec(xml)![1]);
    expect(error!.$fault).toBe('client');
    expect(error!.$metadata.httpStatusCode).toBe(statusOf(file, xml));
  });

  it.each(failures)('%s: request id from the header when recorded, else from the body', async (file) => {
    const { xml, error } = await call(file);
    const header = RECORDED[file].headers['x-amzn-requestid'];
    if (header) expect(header).toBe(bodyRequestId(xml));
    expect(error!.$metadata.requestId).toBe(bodyRequestId(xml));
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it.each(failures)('%s: the message is the service’s own words, verbatim', async (file) => {
    const { xml, error } = await call(file);
    expect(error!.message).toBe(/<Message>([^<]*)<\/Message>/.exec(xml)![1]);
  });

  it('error-access-denied: equal to botocore’s parse', async () => {
    const expected = readOracleJson<BotocoreParse>(...DIR, 'error-access-denied.botocore.expected.json');
    const { error } = await call('error-access-denied.botocore.xml');
    expect({ Code: error!.Code, Message: error!.message, Type: error!.Type }).toEqual(expected.Error);
    expect(error!.$metadata.requestId).toBe(expected.ResponseMetadata.RequestId);
  });
});
