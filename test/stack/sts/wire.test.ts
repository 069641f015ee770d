// The stack's STS on the wire: its XML has the shape real STS sends (read back here with
// fast-xml-parser, never with the kit's reader), it reads awsQuery forms as STS does (member
// lists, query string and body), and it checks input against its own table of constraints.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeForm, readInput } from '../../../stack/sts/form';
import { OPERATIONS } from '../../../stack/sts/operations';
import { startLocalStack, type LocalStack } from '../../../stack/stack';
import { STS_OPERATIONS, StsClient, toAwsCredentials } from '../../../src/sts/index';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.close());

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const kit = () => new StsClient({ region: 'us-east-1', endpoint: stack.sts, credentials: stack.userKeys, retryDelay: () => 0 });
const sdk = () => new STSClient({ region: 'us-east-1', endpoint: stack.sts, credentials: stack.userKeys, maxAttempts: 1 });

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

function toElements(nodes: OrderedNode[]): Element[] {
  return nodes.flatMap((node) => {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!name) return [];
    const children = node[name] as OrderedNode[];
    const text = children.map((c) => c['#text']).filter((t): t is string => typeof t === 'string');
    return [{ name, attributes: (node[':@'] ?? {}) as Record<string, string>, children: toElements(children), text: text.join('') }];
  });
}

/** The document's root element; a DOCTYPE is refused before parsing, entities are never expanded. */
function readXml(text: string): Element {
  if (/<!DOCTYPE/i.test(text)) throw new Error('DOCTYPE refused');
  const roots = toElements(parser.parse(text) as OrderedNode[]);
  expect(roots).toHaveLength(1);
  return roots[0];
}

const childNames = (e: Element) => e.children.map((c) => c.name);
const child = (e: Element, name: string): Element => {
  const found = e.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${e.name}> has no <${name}>: ${childNames(e).join(', ')}`);
  return found;
};

/** A signed request's raw answer: the kit presigns it as a GET, so the body is STS's own text. */
async function rawSigned(presign: (client: StsClient) => Promise<string>) {
  const url = await presign(new StsClient({ region: 'us-east-1', endpoint: stack.sts, credentials: stack.userKeys }));
  const res = await fetch(url);
  return { status: res.status, requestId: res.headers.get('x-amzn-requestid'), text: await res.text() };
}

/** The envelope every STS success has; returns the Result element. */
function resultOf(operation: string, answer: { requestId: string | null; text: string }): Element {
  const root = readXml(answer.text);
  expect(root.name).toBe(`${operation}Response`);
  expect(root.attributes).toEqual({ xmlns: NS });
  expect(childNames(root)).toEqual([`${operation}Result`, 'ResponseMetadata']);
  expect(child(child(root, 'ResponseMetadata'), 'RequestId').text).toBe(answer.requestId);
  return child(root, `${operation}Result`);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('the XML STS sends', () => {
  it('wraps GetCallerIdentity in the response envelope, with the request id of the header', async () => {
    const answer = await rawSigned((c) => c.presign(STS_OPERATIONS.GetCallerIdentity, {}));
    expect(answer.status).toBe(200);
    const result = resultOf('GetCallerIdentity', answer);
    expect(childNames(result)).toEqual(['Arn', 'UserId', 'Account']);
    expect(child(result, 'Arn').text).toBe('arn:aws:iam::123456789012:user/developer');
  });

  it('writes Credentials as STS does: four members, Expiration to the second in UTC', async () => {
    const answer = await rawSigned((c) => c.presign(STS_OPERATIONS.GetSessionToken, { DurationSeconds: 900 }));
    const credentials = child(resultOf('GetSessionToken', answer), 'Credentials');
    expect(childNames(credentials)).toEqual(['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    expect(child(credentials, 'Expiration').text).toMatch(TIMESTAMP);
    const role = resultOf(
      'AssumeRole',
      await rawSigned((c) => c.presign(STS_OPERATIONS.AssumeRole, { RoleArn: stack.roleArn, RoleSessionName: 'xml' })),
    );
    expect(childNames(role)).toEqual(['AssumedRoleUser', 'Credentials']);
    expect(childNames(child(role, 'AssumedRoleUser'))).toEqual(['AssumedRoleId', 'Arn']);
  });

  it('answers GetAccessKeyInfo and DecodeAuthorizationMessage with their one member', async () => {
    const info = resultOf(
      'GetAccessKeyInfo',
      await rawSigned((c) => c.presign(STS_OPERATIONS.GetAccessKeyInfo, { AccessKeyId: stack.userKeys.accessKeyId })),
    );
    expect(info.children).toEqual([{ name: 'Account', attributes: {}, children: [], text: '123456789012' }]);
    const encoded = stack.encodeAuthorizationMessage({
      principal: { id: 'AIDA', arn: 'arn:aws:iam::123456789012:user/developer' },
      action: 's3:GetObject',
      resource: '*',
    });
    const answer = await rawSigned((c) => c.presign(STS_OPERATIONS.DecodeAuthorizationMessage, { EncodedMessage: encoded }));
    const decoded = resultOf('DecodeAuthorizationMessage', answer);
    expect(childNames(decoded)).toEqual(['DecodedMessage']);
    // JSON's quotes stay as they are: STS escapes only what XML requires.
    expect(answer.text).toContain('<DecodedMessage>{"allowed":false,');
  });

  it('writes errors as ErrorResponse with Type, Code, Message and a sibling RequestId; quotes unescaped, markup escaped', async () => {
    const res = await fetch(stack.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: stack.roleArn,
        RoleSessionName: "<b>'&'</b>",
        WebIdentityToken: 'token',
      }).toString(),
    });
    const text = await res.text();
    const root = readXml(text);
    expect(root.name).toBe('ErrorResponse');
    expect(root.attributes).toEqual({ xmlns: NS });
    expect(childNames(root)).toEqual(['Error', 'RequestId']);
    expect(childNames(child(root, 'Error'))).toEqual(['Type', 'Code', 'Message']);
    expect(child(child(root, 'Error'), 'Type').text).toBe('Sender');
    expect(child(child(root, 'Error'), 'Code').text).toBe('ValidationError');
    expect(child(root, 'RequestId').text).toBe(res.headers.get('x-amzn-requestid'));
    expect(text).toContain("Value '&lt;b&gt;'&amp;'&lt;/b&gt;' at 'roleSessionName'");
  });
});

describe('awsQuery forms as STS reads them', () => {
  it('reads member lists: PolicyArns.member.N.arn, Tags.member.N.Key/Value, TransitiveTagKeys.member.N', () => {
    const params = decodeForm(
      [
        'RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb',
        'RoleSessionName=s',
        'PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FA',
        'PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FB',
        'Tags.member.1.Key=team',
        'Tags.member.1.Value=web+kit',
        'Tags.member.2.Key=empty',
        'Tags.member.2.Value=',
        'TransitiveTagKeys.member.1=team',
        'Unknown=ignored',
      ].join('&'),
    );
    expect(readInput(OPERATIONS.AssumeRole, params)).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/web',
      RoleSessionName: 's',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/A' }, { arn: 'arn:aws:iam::aws:policy/B' }],
      Tags: [
        { Key: 'team', Value: 'web kit' },
        { Key: 'empty', Value: '' },
      ],
      TransitiveTagKeys: ['team'],
    });
  });

  it('reads `Name=` alone as an empty list and stops a list at its first gap', () => {
    const params = decodeForm('PolicyArns=&TransitiveTagKeys.member.1=a&TransitiveTagKeys.member.3=c');
    expect(readInput(OPERATIONS.AssumeRole, params)).toEqual({ PolicyArns: [], TransitiveTagKeys: ['a'] });
  });

  it('refuses a form it cannot decode with MalformedQueryString', async () => {
    const res = await fetch(stack.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=%zz',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>MalformedQueryString</Code>');
  });

  it('reads parameters from the query string and from a form body together, and ignores a body that is not a form', async () => {
    const split = await fetch(`${stack.sts}/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'RoleSessionName=ok',
    });
    const text = await split.text();
    // Action came from the query string, RoleSessionName from the body: only the two others are missing.
    expect(text).toContain('2 validation errors detected');
    expect(text).toContain("Value null at 'roleArn'");
    expect(text).toContain("Value null at 'webIdentityToken'");
    const json = await fetch(stack.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15',
    });
    expect(await json.text()).toContain('<Code>MissingAction</Code>');
  });
});

describe('constraints from the STS API reference', () => {
  it('agrees with the kit and the SDK on a valid AssumeRole with tags, transitive keys and policy ARNs', async () => {
    const input = {
      RoleArn: stack.roleArn,
      RoleSessionName: 'tagged',
      Tags: [{ Key: 'team', Value: 'web kit' }],
      TransitiveTagKeys: ['team'],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    };
    const mine = await kit().assumeRole(input);
    const theirs = await sdk().send(new AssumeRoleCommand(input));
    expect(toAwsCredentials(mine).accessKeyId).toMatch(/^ASIA/);
    expect(theirs.AssumedRoleUser?.Arn).toBe(mine.AssumedRoleUser?.Arn);
  });

  it('refuses tags AWS refuses, naming each member as AWS does', async () => {
    const e = await sdk()
      .send(
        new AssumeRoleCommand({
          RoleArn: stack.roleArn,
          RoleSessionName: 'tagged',
          Tags: [{ Key: 'bad key!', Value: 'v' }, { Key: 'ok' } as { Key: string; Value: string }],
          TransitiveTagKeys: Array.from({ length: 51 }, (_, i) => `k${i}`),
        }),
      )
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(e).toMatchObject({ name: 'ValidationError' });
    const message = (e as Error).message;
    expect(message).toMatch(/^3 validation errors detected: /);
    expect(message).toContain(
      "Value 'bad key!' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
    expect(message).toContain("Value null at 'tags.2.member.value' failed to satisfy constraint: Member must not be null");
    expect(message).toContain("at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50");
  });

  it('accepts an ARN with characters beyond the Basic Multilingual Plane, as the reference’s pattern allows', async () => {
    const arnWithEmoji = 'arn:aws:iam::123456789012:role/\u{1F600}-not-a-role';
    const e = await kit()
      .assumeRole({ RoleArn: arnWithEmoji, RoleSessionName: 'emoji' })
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    // Valid input, so the stack goes on to the trust check: AccessDenied, not ValidationError.
    expect(e).toMatchObject({ name: 'AccessDenied' });
  });
});
