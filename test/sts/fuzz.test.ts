// Property tests over generated data (fast-check), in two parts:
// (a) the response path: any body with any status, sent through the real StsClient, resolves with a
//     well-typed output or rejects with one of the kit's typed errors, and never hangs; valid answers
//     rendered from the operation table parse back to what was rendered (parse time: bench/xml-linear.mjs).
// (b) input validation: inputs generated from the table's constraints are accepted and survive
//     serialise -> parseForm -> readQuery; inputs broken in one place are refused with an
//     StsValidationError naming that place, whose text holds no secret.
// Every generator is driven by the table (src/sts/model.ts), so a new operation is fuzzed for free.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StsClient } from '../../src/sts/client';
import { STS_OPERATIONS } from '../../src/sts/operations';
import { StsServiceException, StsValidationError, WebIdentityKitError } from '../../src/sts/errors';
import {
  AssumeRoleWithWebIdentity,
  STS_API_VERSION,
  STS_ERRORS,
  type AssumeRoleWithWebIdentityResponse,
  type Operation,
} from '../../src/sts/model';
import { MalformedResponse, parseTimestamp } from '../../src/sts/parse';
import { readOutput } from '../../src/sts/response';
import { serializeRequest } from '../../src/sts/serialize';
import type { ListShape, Shape, StringShape, StructureShape } from '../../src/sts/shapes';
import { validateInput } from '../../src/sts/validate';
// The stub's wire helpers are internal to src/testing (not in the public entry): imported from their files.
import { parseForm, readQuery } from '../../src/testing/query-params';
import { renderErrorXml, renderSuccessXml } from '../../src/testing/sts-xml';

const OPERATIONS = Object.values(STS_OPERATIONS) as Operation[];
const OP_NAMES = OPERATIONS.map((op) => op.name);
const byName = (name: string) => OPERATIONS.find((op) => op.name === name)!;

// Run counts: (a) the client property alone runs 10,000 bodies and the round trip 12 x 1,000
// outputs; (b) 12 x 1,000 valid and 12 x 1,000 broken inputs. The whole file stays well under 60 s.
const CLIENT_RUNS = 10_000;
const PER_OPERATION_RUNS = 1_000;
const HEAVY_RUNS = 12;

// ---- characters ---------------------------------------------------------------------------------

/** One character of each kind the STS patterns tell apart (all valid in XML 1.0). */
const CANDIDATES = [
  ...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)),
  '\t',
  '\n',
  '\r',
  '\x85',
  '\xA0',
  '\xA7',
  '\xE9',
  '\xFF',
  '\u0100',
  '\u0416',
  '\u0663',
  '\u2028',
  '\u3000',
  '\u4E2D',
  '\uD7FF',
  '\uE000',
  '\uFFFD',
  '\u{1D49C}',
  '\u{1F600}',
  '\u{10FFFF}',
];
/** Characters some pattern refuses: controls, non-characters, and everything above. */
const BAD_CANDIDATES = ['\x00', '\x01', '\x08', '\x0B', '\x0C', '\x1F', '\x7F', '\x80', '\x84', '\x9F', '\uFFFE', '\uFFFF', ...CANDIDATES];
/** Sensitive values start with this, so a leak check cannot be fooled by a coincidence. */
const MARK = [...'\xA7ecr3t'];

const validChars = (shape: StringShape) => CANDIDATES.filter((c) => !shape.pattern || shape.pattern.test(c));
const badChars = (pattern: RegExp) => BAD_CANDIDATES.filter((c) => !pattern.test(c));
const codePoints = (s: string) => [...s].length;

/** Strings of lo..hi code points; long ones as a random head plus one repeated character (cheap). */
function textArb(chars: string[], lo: number, hi: number, mark = false): fc.Arbitrary<string> {
  const pick = fc.constantFrom(...chars);
  const units =
    hi <= 256
      ? fc.array(pick, { minLength: lo, maxLength: hi })
      : fc
          .tuple(fc.array(pick, { maxLength: 16 }), pick, fc.integer({ min: lo, max: hi }))
          .map(([head, fill, n]) => [...head.slice(0, n), ...Array<string>(Math.max(0, n - head.length)).fill(fill)]);
  return units.map((a) => (mark && a.length >= MARK.length ? [...MARK, ...a.slice(MARK.length)] : a).join(''));
}

// ---- valid values from shapes ----------------------------------------------------------------

interface GenOptions {
  /** Inputs: required members always present, nested structures never empty. */
  input: boolean;
  /** Sensitive strings start with MARK. */
  mark: boolean;
}
const INPUT: GenOptions = { input: true, mark: false };
const OUTPUT: GenOptions = { input: false, mark: false };

function stringArb(shape: StringShape, o: GenOptions): fc.Arbitrary<string> {
  if (shape.enum) return fc.constantFrom(...shape.enum);
  const min = shape.min ?? 0;
  const max = shape.max ?? min + 64;
  const chars = validChars(shape);
  const mark = o.mark && !!shape.sensitive && !shape.pattern;
  const arms = [
    { weight: 8, arbitrary: textArb(chars, min, Math.min(max, min + 24), mark) },
    { weight: 1, arbitrary: textArb(chars, min, min, mark) },
  ];
  if (shape.max !== undefined) arms.push({ weight: 1, arbitrary: textArb(chars, max, max, mark) });
  return fc.oneof(...arms);
}

const DATES = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

function listArb(shape: ListShape, o: GenOptions): fc.Arbitrary<unknown[]> {
  const lo = shape.min ?? 0;
  const item = valueArb(shape.member, o, true);
  const arms = [{ weight: 9, arbitrary: fc.array(item, { minLength: lo, maxLength: Math.min(shape.max ?? lo + 3, lo + 3) }) }];
  if (shape.max !== undefined && shape.max <= 50)
    arms.push({ weight: 1, arbitrary: fc.array(item, { minLength: shape.max, maxLength: shape.max }) });
  return fc.oneof(...arms);
}

function structureArb(shape: StructureShape, o: GenOptions, nested: boolean): fc.Arbitrary<Record<string, unknown>> {
  const model = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, valueArb(m, o, true)]));
  const arb = fc.record(model, { requiredKeys: o.input ? [...shape.required] : [], noNullPrototype: true });
  // awsQuery writes nothing for an empty structure, so an empty nested one cannot round-trip (in any SDK).
  return o.input && nested ? arb.filter((v) => Object.keys(v).length > 0) : arb;
}

/** A valid value of a shape, within every constraint of the table. */
function valueArb(shape: Shape, o: GenOptions, nested = false): fc.Arbitrary<unknown> {
  switch (shape.type) {
    case 'string':
      return stringArb(shape, o);
    case 'integer':
      return fc.integer({ min: shape.min ?? -(2 ** 31), max: shape.max ?? 2 ** 31 - 1 });
    case 'boolean':
      return fc.boolean();
    case 'timestamp':
      return DATES;
    case 'list':
      return listArb(shape, o);
    case 'map':
      return fc
        .uniqueArray(fc.tuple(textArb(CANDIDATES, 0, 8), valueArb(shape.value, o, true)), {
          selector: (e) => e[0],
          maxLength: 3,
        })
        .map((entries) => Object.fromEntries(entries));
    case 'structure':
      return structureArb(shape, o, nested);
  }
}

/** What in a value does not fit its shape (empty: it fits). Outputs may lack any member. */
function misfits(shape: Shape, v: unknown, path: string): string[] {
  const bad = (what: string) => [`${path}: ${what}`];
  switch (shape.type) {
    case 'string':
      return typeof v === 'string' ? [] : bad('not a string');
    case 'integer':
      return Number.isInteger(v) ? [] : bad('not a whole number');
    case 'boolean':
      return typeof v === 'boolean' ? [] : bad('not a boolean');
    case 'timestamp':
      return v instanceof Date && !Number.isNaN(v.getTime()) ? [] : bad('not a valid Date');
    case 'list':
      return Array.isArray(v) ? v.flatMap((x, i) => misfits(shape.member, x, `${path}[${i}]`)) : bad('not an array');
    case 'map':
      if (!isObject(v)) return bad('not an object');
      return Object.entries(v).flatMap(([k, x]) => misfits(shape.value, x, `${path}.${k}`));
    case 'structure':
      if (!isObject(v)) return bad('not an object');
      return Object.entries(v).flatMap(([k, x]) =>
        Object.hasOwn(shape.members, k)
          ? misfits(shape.members[k], x, `${path}.${k}`)
          : k === '$metadata' && !path
            ? []
            : bad(`unknown ${k}`),
      );
  }
}
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

// =================================================================================================
// (a) the response path
// =================================================================================================

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmdXp6In0.c2lnbmF0dXJlLW9mLXRoZS1mdXp6LXRva2Vu';
const WEB = { RoleArn: 'arn:aws:iam::123456789012:role/web', RoleSessionName: 'fuzz', WebIdentityToken: TOKEN };
const STATUSES = [200, 400, 403, 500, 503] as const;
/** A body as fetch may give it: text, or bytes for the client to decode. */
type Body = string | Uint8Array<ArrayBuffer>;
const HANG_MS = 10_000;

/** What the next fetch answers; the property runs one case at a time. */
let answer: { status: number; body: Body } = { status: 200, body: '' };
const client = new StsClient({
  region: 'us-east-1',
  fetch: () => Promise.resolve(new Response(answer.body, { status: answer.status })),
  maxAttempts: 1,
  retryDelay: () => 0,
});

type Outcome =
  { kind: 'resolved'; output: Awaited<ReturnType<StsClient['assumeRoleWithWebIdentity']>> } | { kind: 'rejected'; error: unknown };

/** One call through the client, with a guard that turns a hang into a failure. */
async function callWith(status: number, body: Body): Promise<Outcome> {
  answer = { status, body };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the call did not settle within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return { kind: 'resolved', output: await Promise.race([client.assumeRoleWithWebIdentity(WEB), hang]) };
  } catch (error) {
    return { kind: 'rejected', error };
  } finally {
    clearTimeout(timer);
  }
}

/** The invariant every answer must keep, whatever its body. */
function expectTyped(outcome: Outcome, status: number) {
  if (outcome.kind === 'resolved') {
    expect(status, 'only a 2xx answer may resolve').toBe(200);
    expect(misfits(AssumeRoleWithWebIdentity.output, outcome.output, '')).toEqual([]);
    expect(wholeCredentials(outcome.output.Credentials), 'resolved without whole Credentials').toBe(true);
    return;
  }
  const { error } = outcome;
  const typed = error instanceof StsServiceException || error instanceof WebIdentityKitError;
  expect(typed, `untyped rejection: ${String(error)}`).toBe(true);
  const e = error as StsServiceException;
  expect(['string', 'undefined'], `hint of ${e.name}`).toContain(typeof e.hint);
  expect(`${e.message} ${e.hint ?? ''}`).not.toContain(TOKEN);
}

/** The four members the client promises, present and usable. */
const wholeCredentials = (c: unknown): boolean =>
  isObject(c) &&
  ['AccessKeyId', 'SecretAccessKey', 'SessionToken'].every((m) => typeof c[m] === 'string' && c[m] !== '') &&
  c.Expiration instanceof Date &&
  !Number.isNaN(c.Expiration.getTime());

// ---- bodies -------------------------------------------------------------------------------------

interface BodyCase {
  label: string;
  status: number;
  body: Body;
  /** Set when the case is known: the exact output, an error code, or a certain rejection. */
  expectOutput?: object;
  expectCode?: string;
  mustReject?: boolean;
}

const statusArb = fc.constantFrom(...STATUSES);
/** Outputs as STS sends them: any members, but Credentials always whole (the client refuses less). */
const outputArb = fc
  .tuple(
    structureArb(AssumeRoleWithWebIdentity.output, OUTPUT, false),
    structureArb(AssumeRoleWithWebIdentity.output.members.Credentials, INPUT, true),
  )
  .map(([output, Credentials]) => ({ ...output, Credentials }))
  .filter((output) => wholeCredentials(output.Credentials));
const CREDENTIAL_MEMBERS = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'] as const;
const renderOk = (output: object) => renderSuccessXml(AssumeRoleWithWebIdentity, output, 'b2c3d4e5-0000-4000-8000-000000000001');

/** As STS writes it: indented, members in another order than the table's. */
const HAND_WRITTEN = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Audience>client.app.example.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/web/fuzz</Arn>
      <AssumedRoleId>AROAEXAMPLEID:fuzz</AssumedRoleId>
    </AssumedRoleUser>
    <Provider>accounts.example.com</Provider>
    <Credentials>
      <SessionToken>FwoGZXIvYXdzEXAMPLE
        token+with/newlines=</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
      <Expiration>2031-08-16T20:52:53.123Z</Expiration>
      <AccessKeyId>ASIAEXAMPLEEXAMPLE01</AccessKeyId>
    </Credentials>
    <SubjectFromWebIdentityToken>user-1234</SubjectFromWebIdentityToken>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>f874b1d6-2f3b-4834-907a-6a7c4b3b2d35</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;

const errorCodeArb = fc.oneof(
  fc.constantFrom(...Object.values(STS_ERRORS).map((e) => e.code)),
  fc.constantFrom('AccessDenied', 'Throttling', 'InternalFailure', 'ServiceUnavailable', 'ValidationError'),
  // Issue 17: codes named like Object.prototype members were looked up through the prototype.
  fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable'),
);
const errorXmlArb = fc
  .tuple(errorCodeArb, fc.string({ maxLength: 60 }), fc.constantFrom('Sender' as const, 'Receiver' as const))
  .map(([Code, Message, Type]) => ({ Code, xml: renderErrorXml({ Code, Message, Type }, 'c3d4e5f6-0000-4000-8000-000000000002') }));

// ---- mutations of valid answers -----------------------------------------------------------------

type Mutation =
  | { kind: 'truncate' | 'swap' | 'duplicate'; at: number }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'rename' | 'renameOpen'; name: string; to: string }
  | { kind: 'reorder'; a: number }
  | { kind: 'move'; a: number; b: number }
  | { kind: 'wrap'; at: number; n: number; to: string };

const WRAPPERS = [
  'AssumeRoleWithWebIdentityResponse',
  'AssumeRoleWithWebIdentityResult',
  'Credentials',
  'AssumedRoleUser',
  'ResponseMetadata',
  'RequestId',
  'Expiration',
  'PackedPolicySize',
  'ErrorResponse',
  'Error',
  'Code',
  'Message',
  'Type',
];
/** Fragments that break XML parsers: entities, references out of range, markup, the secret itself. */
const FRAGMENTS = [
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x0;',
  '&#xD800;',
  '&#x110000;',
  '&#99999999;',
  '&#;',
  '&unknown;',
  '&lol9;',
  '<![CDATA[x]]>',
  '<![CDATA[',
  ']]>',
  '<!--c-->',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<?pi x?>',
  '<!DOCTYPE x>',
  '<!ENTITY a "b">',
  '</',
  '/>',
  '<a>',
  '</a>',
  '<a/>',
  '<Credentials>',
  '</Credentials>',
  '<member>x</member>',
  ' xmlns="urn:x"',
  ' a="1"',
  '"',
  "'",
  '\u0000',
  '\uFFFE',
  '\uD800',
  '\uFEFF',
  '\r\n',
  '\t',
  '<__proto__>x</__proto__>',
  '<constructor/>',
  '<toString>x</toString>',
  '<#text>',
  '<Expiration>soon</Expiration>',
  '<PackedPolicySize>-1</PackedPolicySize>',
  '<PackedPolicySize>1e400</PackedPolicySize>',
  '<Expiration>99999-01-01T00:00:00Z</Expiration>',
  TOKEN,
];
const nameArb = fc.oneof(
  fc.constantFrom(
    'x',
    'Result',
    'AssumeRoleResponse',
    '__proto__',
    'constructor',
    'toString',
    'a:Credentials',
    'member',
    'entry',
    '#text',
    '',
  ),
  fc.stringMatching(/^[A-Za-z_][\w.-]{0,12}$/),
);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('truncate' as const, 'swap' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })),
  }),
  fc.record({ kind: fc.constantFrom('rename' as const, 'renameOpen' as const), name: fc.constantFrom(...WRAPPERS), to: nameArb }),
  fc.record({ kind: fc.constant('reorder' as const), a: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('wrap' as const), at: fc.nat(), n: fc.nat({ max: 400 }), to: nameArb }),
);

/** Every element, leaf or not, by its span (to the first closing tag of its name). */
function elements(s: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of s.matchAll(/<([A-Za-z_][\w.:-]*)>/g)) {
    const end = s.indexOf(`</${m[1]}>`, m.index + m[0].length);
    if (end >= 0) spans.push([m.index, end + m[1].length + 3]);
  }
  return spans;
}

const inside = (x: [number, number], y: [number, number]) => y[0] < x[0] && x[1] <= y[1];

/** Pairs of sibling elements: apart, and inside exactly the same elements. */
function siblingPairs(s: string): [[number, number], [number, number]][] {
  const spans = elements(s);
  const parents = (x: [number, number]) => spans.filter((y) => inside(x, y)).join(';');
  const pairs: [[number, number], [number, number]][] = [];
  spans.forEach((x, i) => spans.slice(i + 1).forEach((y) => x[1] <= y[0] && parents(x) === parents(y) && pairs.push([x, y])));
  return pairs;
}

/** Swaps two spans, the first before the second. */
const swapSpans = (s: string, [x, y]: [[number, number], [number, number]]) =>
  s.slice(0, x[0]) + s.slice(y[0], y[1]) + s.slice(x[1], y[0]) + s.slice(x[0], x[1]) + s.slice(y[1]);

function mutate(s: string, m: Mutation): string {
  const at = (n: number) => n % (s.length + 1);
  switch (m.kind) {
    case 'truncate':
      return s.slice(0, at(m.at));
    case 'delete':
      return s.slice(0, at(m.at)) + s.slice(at(m.at) + m.n);
    case 'insert':
      return s.slice(0, at(m.at)) + m.text + s.slice(at(m.at));
    case 'swap': {
      const i = at(m.at);
      return s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
    }
    case 'rename':
      return s.split(m.name).join(m.to);
    case 'renameOpen':
      return s.replace(`<${m.name}>`, `<${m.to}>`);
    case 'duplicate': {
      const spans = elements(s);
      if (!spans.length) return s;
      const [a, b] = spans[m.at % spans.length];
      return s.slice(0, b) + s.slice(a, b) + s.slice(b);
    }
    case 'reorder':
      return reorder(s, m.a);
    case 'move':
      return move(s, m.a, m.b);
    case 'wrap': {
      const i = at(m.at);
      return `${s.slice(0, i)}<${m.to}>${s.slice(i, i + m.n)}</${m.to}>${s.slice(i + m.n)}`;
    }
  }
}

/** Members reordered: two siblings swapped (the document keeps its meaning). */
function reorder(s: string, a: number): string {
  const pairs = siblingPairs(s);
  return pairs.length ? swapSpans(s, pairs[a % pairs.length]) : s;
}

/** An element moved to where another one was, across parents. */
function move(s: string, a: number, b: number): string {
  const spans = elements(s);
  let [x, y] = [spans[a % spans.length], spans[b % spans.length]];
  if (!x || !y) return s;
  if (x[0] > y[0]) [x, y] = [y, x];
  return x[1] <= y[0] ? swapSpans(s, [x, y]) : s;
}

// ---- the kinds of body ---------------------------------------------------------------------------

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);

const randomBodyArb: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.tuple(statusArb, fc.string({ unit: 'binary', maxLength: 400 })).map(([status, body]) => ({ label: 'text', status, body })),
  fc.tuple(statusArb, fc.string({ unit: 'grapheme-ascii', maxLength: 400 })).map(([status, body]) => ({ label: 'ascii', status, body })),
  fc.tuple(statusArb, fc.uint8Array({ maxLength: 600 }), fc.constantFrom('latin1', 'utf8', 'raw')).map(([status, b, how]) => ({
    label: `bytes as ${how}`,
    status,
    body: how === 'latin1' ? latin1(b) : how === 'utf8' ? utf8(b) : new Uint8Array(b),
  })),
);

const reorderArb = fc.record({ kind: fc.constant('reorder' as const), a: fc.nat() });

const mutatedBodyArb: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.tuple(outputArb, fc.array(reorderArb, { minLength: 1, maxLength: 4 })).map(([output, ms]) => ({
    label: `reordered ${JSON.stringify(ms)}`,
    status: 200,
    body: ms.reduce(mutate, renderOk(output)),
    expectOutput: output,
  })),
  fc
    .tuple(outputArb, fc.array(mutationArb, { maxLength: 4 }), fc.constantFrom<number>(200, 200, 200, ...STATUSES))
    .map(([output, ms, status]) => ({
      label: `success ${JSON.stringify(ms)}`,
      status,
      body: ms.reduce(mutate, renderOk(output)),
      expectOutput: ms.length === 0 && status === 200 ? output : undefined,
    })),
  fc.tuple(fc.array(mutationArb, { maxLength: 4 }), statusArb).map(([ms, status]) => ({
    label: `hand-written ${JSON.stringify(ms)}`,
    status,
    body: ms.reduce(mutate, HAND_WRITTEN),
  })),
  fc.tuple(errorXmlArb, fc.array(mutationArb, { maxLength: 4 }), fc.constantFrom(400, 403, 500, 503)).map(([e, ms, status]) => ({
    label: `error ${e.Code} ${JSON.stringify(ms)}`,
    status,
    body: ms.reduce(mutate, e.xml),
    expectCode: ms.length === 0 ? e.Code : undefined,
  })),
);

/** Billion laughs and friends: a DOCTYPE must never be expanded, wherever it sits. */
const ENTITY_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
  ']>';
const XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const specialBodyArb: fc.Arbitrary<BodyCase> = fc.oneof(
  fc
    .tuple(fc.constantFrom(ENTITY_BOMB, XXE, '<!DOCTYPE x>', '<!doctype html>'), fc.constantFrom('&lol9;', '&xxe;', '&amp;'), statusArb)
    .map(([dtd, ref, status]) => ({
      label: 'DOCTYPE',
      status,
      body: dtd + HAND_WRITTEN.replace('user-1234', ref),
      mustReject: true,
    })),
  fc
    .tuple(fc.constantFrom('502 Bad Gateway', 'Service Unavailable', 'Access Denied', 'Sign in'), statusArb, fc.boolean())
    .map(([title, status, doctype]) => ({
      label: 'HTML page',
      status,
      body: `${doctype ? '<!DOCTYPE html>' : ''}<html><head><title>${title}</title></head><body><h1>${title}</h1><p>nginx<br></p></body></html>`,
      mustReject: true,
    })),
  fc
    .tuple(
      fc.constantFrom('<![CDATA[', '<!--', '<?x '),
      fc.constantFrom(']]>', '-->', '?>'),
      fc.constantFrom('user-1234', 'accounts.example.com', '6', '2031-08-16T20:52:53.123Z'),
    )
    .map(([open, close, value]) => ({
      label: 'markup inside a value',
      status: 200,
      body: HAND_WRITTEN.replace(value, `${open}${value}${close}`),
    })),
);

/** Issue 17: answers whose Credentials lack a member, or whose Expiration is no date, resolved. */
const brokenCredentialsArb: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.tuple(outputArb, fc.subarray([...CREDENTIAL_MEMBERS], { minLength: 1 })).map(([output, gone]) => ({
    label: `Credentials without ${gone.join(', ')}`,
    status: 200,
    body: renderOk({
      ...output,
      Credentials: Object.fromEntries(Object.entries(output.Credentials).filter(([k]) => !gone.includes(k as never))),
    }),
    mustReject: true,
  })),
  fc.tuple(outputArb, fc.constantFrom<string>('AccessKeyId', 'SecretAccessKey', 'SessionToken')).map(([output, emptied]) => ({
    label: `Credentials with an empty ${emptied}`,
    status: 200,
    body: renderOk({ ...output, Credentials: { ...output.Credentials, [emptied]: '' } }),
    mustReject: true,
  })),
  fc.tuple(outputArb, fc.constant(200)).map(([output, status]) => ({
    label: 'no Credentials',
    status,
    body: renderOk(Object.fromEntries(Object.entries(output).filter(([k]) => k !== 'Credentials'))),
    mustReject: true,
  })),
  fc
    .constantFrom(
      '100000000000000000000',
      '1e20',
      '8640000000000.5',
      '-1',
      '+275760-09-13T00:00:00Z',
      '2031-02-30T00:00:00Z',
      'NaN',
      'Infinity',
    )
    .map((expiration) => ({
      label: `Expiration ${expiration}`,
      status: 200,
      body: HAND_WRITTEN.replace('2031-08-16T20:52:53.123Z', expiration),
      mustReject: true,
    })),
);

const bodyCaseArb = fc.oneof(
  { weight: 3, arbitrary: randomBodyArb },
  { weight: 6, arbitrary: mutatedBodyArb },
  { weight: 1, arbitrary: specialBodyArb },
  { weight: 1, arbitrary: brokenCredentialsArb },
);

/** What a known case must give, on top of the invariant. */
function expectKnown(c: BodyCase, outcome: Outcome) {
  if (c.mustReject) expect(outcome.kind).toBe('rejected');
  if (c.expectOutput) {
    expect(outcome.kind).toBe('resolved');
    if (outcome.kind === 'resolved') {
      const { $metadata: _metadata, ...output } = outcome.output;
      expect(output).toEqual(c.expectOutput);
    }
  }
  if (c.expectCode) {
    expect(outcome.kind).toBe('rejected');
    const { error } = outcome as { error: StsServiceException };
    expect(error).toBeInstanceOf(StsServiceException);
    expect(error.Code).toBe(c.expectCode);
    const modelled = Object.entries(STS_ERRORS).find(([, e]) => e.code === c.expectCode)?.[0];
    expect(error.name).toBe(modelled ?? c.expectCode);
  }
}

describe('(a) the response path: any answer through StsClient', () => {
  it(`resolves well-typed or rejects typed, never anything else (${CLIENT_RUNS} bodies)`, async () => {
    const tally = { resolved: 0, service: 0, other: 0 };
    await fc.assert(
      fc.asyncProperty(bodyCaseArb, async (c) => {
        const outcome = await callWith(c.status, c.body);
        expectTyped(outcome, c.status);
        expectKnown(c, outcome);
        const kind = outcome.kind === 'resolved' ? 'resolved' : outcome.error instanceof StsServiceException ? 'service' : 'other';
        tally[kind]++;
      }),
      { numRuns: CLIENT_RUNS },
    );
    // Both ways out are exercised, and the harness itself is sound (the input is valid, so no
    // validation error, and fetch always answers, so no network error).
    expect(tally.resolved).toBeGreaterThan(CLIENT_RUNS / 20);
    expect(tally.service).toBeGreaterThan(CLIENT_RUNS / 2);
    expect(tally.other).toBe(0);
  });

  it('survives 10,000-level nesting, open or closed, anywhere in the document', async () => {
    const nesting = fc.record({
      depth: fc.integer({ min: 9_000, max: 11_000 }),
      tag: fc.constantFrom('a', 'Credentials', 'member', 'AssumeRoleWithWebIdentityResult'),
      where: fc.constantFrom('root', 'AssumeRoleWithWebIdentityResult', 'Credentials'),
      closed: fc.boolean(),
      status: statusArb,
    });
    await fc.assert(
      fc.asyncProperty(nesting, async ({ depth, tag, where, closed, status }) => {
        const deep = `<${tag}>`.repeat(depth) + (closed ? `</${tag}>`.repeat(depth) : '');
        const body = where === 'root' ? deep : HAND_WRITTEN.replace(`<${where}>`, `<${where}>${deep}`);
        expectTyped(await callWith(status, body), status);
      }),
      { numRuns: HEAVY_RUNS },
    );
  });

  it('survives ~1 MB documents on both sides of the size limit', async () => {
    const huge = fc.record({
      size: fc.integer({ min: 900_000, max: 1_100_000 }),
      kind: fc.constantFrom('token', 'siblings', 'members', 'text', 'comment'),
      status: statusArb,
    });
    await fc.assert(
      fc.asyncProperty(huge, async ({ size, kind, status }) => {
        expectTyped(await callWith(status, hugeBody(kind, size)), status);
      }),
      { numRuns: HEAVY_RUNS },
    );
  });

  it('passes a 1 MB SessionToken through whole', async () => {
    const token = 'T'.repeat(1_000_000);
    const outcome = await callWith(200, HAND_WRITTEN.replace(/<SessionToken>[^<]*/, `<SessionToken>${token}`));
    expect(outcome.kind).toBe('resolved');
    if (outcome.kind === 'resolved') expect(outcome.output.Credentials?.SessionToken).toBe(token);
  });
});

function hugeBody(kind: string, size: number): string {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length));
  switch (kind) {
    case 'token':
      return HAND_WRITTEN.replace(/<SessionToken>[^<]*/, `<SessionToken>${fill('A')}`);
    case 'siblings':
      return HAND_WRITTEN.replace('<Provider>', `${fill('<x>y</x>')}<Provider>`);
    case 'members':
      return HAND_WRITTEN.replace('<Provider>', `${fill('<Audience>a</Audience>')}<Provider>`);
    case 'comment':
      return HAND_WRITTEN.replace('<Provider>', `<!--${fill('-')}--><Provider>`);
    default:
      return fill('lorem ipsum ');
  }
}

// ---- valid answers round-trip -----------------------------------------------------------------

describe('(a) valid outputs rendered with renderSuccessXml parse back deep-equal', () => {
  it.each(OP_NAMES)(`%s (${PER_OPERATION_RUNS} outputs)`, (name) => {
    const op = byName(name);
    fc.assert(
      fc.property(structureArb(op.output, OUTPUT, false), fc.uuid(), (output, requestId) => {
        const body = renderSuccessXml(op, output, requestId);
        expect(readOutput(op, { status: 200, headers: new Headers(), body })).toEqual({ output, requestId });
      }),
      { numRuns: PER_OPERATION_RUNS },
    );
  });
});

// ---- strictness of the scalar readers -----------------------------------------------------------

const resultWith = (xml: string) =>
  `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>${xml}</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;
const read = (xml: string) => () => readOutput(AssumeRoleWithWebIdentity, { status: 200, headers: new Headers(), body: resultWith(xml) });

describe('(a) values are read strictly', () => {
  it('reads every decimal integer, surrounded by whitespace or not', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('', ' ', '\n  '), (n, ws) => {
        expect(read(`<PackedPolicySize>${ws}${n}${ws}</PackedPolicySize>`)().output.PackedPolicySize).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it('refuses integers written in another radix (0x, 0b, 0o)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('0x', '0X', '0b', '0B', '0o', '0O'), (n, prefix) => {
        const digits = n.toString(prefix[1].toLowerCase() === 'x' ? 16 : prefix[1].toLowerCase() === 'b' ? 2 : 8);
        expect(read(`<PackedPolicySize>${prefix}${digits}</PackedPolicySize>`)).toThrow(MalformedResponse);
      }),
      { numRuns: 200 },
    );
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it('a map entry without <value> is refused or left out, never a key holding undefined', () => {
    const where = (entry: string) =>
      `<TrustedIdentityPropagationContext><TransactionContext><IdentityProvider>${entry}</IdentityProvider></TransactionContext></TrustedIdentityPropagationContext>`;
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}$/), (key) => {
        let output: AssumeRoleWithWebIdentityResponse;
        try {
          output = read(where(`<entry><key>${key}</key></entry>`))().output;
        } catch (e) {
          expect(e).toBeInstanceOf(MalformedResponse);
          return;
        }
        expect(Object.values(output.TrustedIdentityPropagationContext!.TransactionContext!.IdentityProvider!)).not.toContain(undefined);
      }),
      { numRuns: 100 },
    );
  });

  it('reads every date-time the renderer writes, with or without milliseconds or an offset', () => {
    fc.assert(
      fc.property(DATES, fc.constantFrom('Z', '+00:00', '-00:00', '+0000'), (d, zone) => {
        const text = d.toISOString().replace('Z', zone);
        expect(parseTimestamp(text)).toEqual(d);
      }),
      { numRuns: 500 },
    );
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it('refuses calendar days that do not exist (February 30, April 31)', () => {
    const impossible = fc
      .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.nat({ max: 3 }))
      .map(([y, m, k]) => ({ y, m, d: new Date(Date.UTC(y, m, 0)).getUTCDate() + 1 + k }))
      .filter(({ d }) => d <= 31);
    fc.assert(
      fc.property(impossible, ({ y, m, d }) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00Z`;
        expect(() => parseTimestamp(text)).toThrow(MalformedResponse);
      }),
      { numRuns: 200 },
    );
  });
});

// =================================================================================================
// (b) input validation
// =================================================================================================

describe('(b) valid inputs are accepted and survive serialise -> parseForm -> readQuery', () => {
  it.each(OP_NAMES)(`%s (${PER_OPERATION_RUNS} inputs)`, (name) => {
    const op = byName(name);
    fc.assert(
      fc.property(valueArb(op.input, INPUT), (input) => {
        expect(() => validateInput(op, input)).not.toThrow();
        const body = serializeRequest(op, input);
        expect(body.startsWith(`Action=${op.name}&Version=${STS_API_VERSION}`)).toBe(true);
        expect(readQuery(op.input, parseForm(body))).toEqual(input);
      }),
      { numRuns: PER_OPERATION_RUNS },
    );
  });
});

// ---- inputs broken in exactly one place -------------------------------------------------------

/** A broken input, where it is broken (path segments) and the rule it breaks. */
interface Broken {
  value: unknown;
  at: (string | number)[];
  rule: string;
}

/** The path as StsValidationError.member writes it: `Tags[0].Key`, or `input` for the whole. */
const memberPath = (at: (string | number)[]) =>
  at.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : p ? `${p}.${s}` : s), '') || 'input';

const WRONG_TYPE: Record<Shape['type'], unknown[]> = {
  string: [0, 42, true, {}, [], new Date(0), 1n],
  integer: ['900', 1.5, Number.NaN, Infinity, -Infinity, true, {}, [], 1n],
  boolean: ['true', 1, {}, []],
  timestamp: ['2020-01-01T00:00:00Z', 0, {}, new Date(Number.NaN)],
  list: ['x', 1, {}, true],
  map: ['x', 1, [], true],
  structure: ['x', 1, [], true, new Date(0)],
};

const wrongType = (shape: Shape): fc.Arbitrary<Broken> =>
  fc.constantFrom(...WRONG_TYPE[shape.type]).map((value) => ({ value, at: [], rule: 'type' }));

function brokenString(shape: StringShape, o: GenOptions): fc.Arbitrary<Broken> {
  const min = shape.min ?? 0;
  const chars = validChars(shape);
  const mark = o.mark && !!shape.sensitive && !shape.pattern;
  const arms = [wrongType(shape)];
  const broken = (arb: fc.Arbitrary<string>, rule: string) => arb.map((value): Broken => ({ value, at: [], rule }));
  const allowed = shape.enum;
  if (allowed)
    return fc.oneof(
      ...arms,
      broken(
        textArb(chars, 0, 12).filter((v) => !allowed.includes(v)),
        'enum',
      ),
    );
  if (min > 0) arms.push(broken(textArb(chars, 0, min - 1, mark), 'length'));
  if (shape.max !== undefined) arms.push(broken(textArb(chars, shape.max + 1, shape.max + 3, mark), 'length'));
  const bad = shape.pattern ? badChars(shape.pattern) : [];
  if (bad.length) {
    const lo = Math.max(min, 1);
    const valid = textArb(chars, lo, Math.min(shape.max ?? lo + 20, lo + 20), mark);
    const withBad = fc.tuple(valid, fc.nat(), fc.constantFrom(...bad)).map(([s, k, c]) => {
      const units = [...s];
      units[k % units.length] = c;
      return units.join('');
    });
    arms.push(broken(withBad, 'pattern'));
  }
  return fc.oneof(...arms);
}

function brokenInteger(shape: Extract<Shape, { type: 'integer' }>): fc.Arbitrary<Broken> {
  const arms = [wrongType(shape)];
  const range = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((value): Broken => ({ value, at: [], rule: 'range' }));
  if (shape.min !== undefined) arms.push(range(shape.min - 100_000, shape.min - 1));
  if (shape.max !== undefined) arms.push(range(shape.max + 1, shape.max + 100_000));
  return fc.oneof(...arms);
}

function brokenList(shape: ListShape, o: GenOptions): fc.Arbitrary<Broken> {
  const item = valueArb(shape.member, o, true);
  const lo = shape.min ?? 0;
  const length = (arb: fc.Arbitrary<unknown[]>) => arb.map((value): Broken => ({ value, at: [], rule: 'length' }));
  const arms = [wrongType(shape)];
  if (shape.max !== undefined) arms.push(length(fc.array(item, { minLength: shape.max + 1, maxLength: shape.max + 2 })));
  if (lo > 0) arms.push(length(fc.array(item, { maxLength: lo - 1 })));
  // One broken item among valid ones, the list's own length kept within its limits.
  const others = fc.array(item, { minLength: Math.max(lo - 1, 0), maxLength: Math.max(Math.min((shape.max ?? 4) - 1, 3), lo - 1, 0) });
  const withBroken = fc.tuple(others, brokenArb(shape.member, o), fc.nat()).map(([items, b, k]): Broken => {
    const i = k % (items.length + 1);
    return { value: [...items.slice(0, i), b.value, ...items.slice(i)], at: [i, ...b.at], rule: b.rule };
  });
  return fc.oneof(...arms, withBroken);
}

function brokenStructure(shape: StructureShape, o: GenOptions, nested: boolean): fc.Arbitrary<Broken> {
  const valid = structureArb(shape, o, nested);
  const arms: fc.Arbitrary<Broken>[] = [wrongType(shape)];
  for (const name of shape.required) {
    arms.push(valid.map((v) => ({ value: without(v, name), at: [name], rule: 'required' })));
  }
  const unknown = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,12}$/).filter((n) => !Object.hasOwn(shape.members, n));
  arms.push(fc.tuple(valid, unknown).map(([v, n]) => ({ value: { ...v, [n]: 'x' }, at: [n], rule: 'unknown' })));
  for (const [name, member] of Object.entries(shape.members)) {
    const b = brokenArb(member, o);
    arms.push(fc.tuple(valid, b).map(([v, x]) => ({ value: { ...v, [name]: x.value }, at: [name, ...x.at], rule: x.rule })));
  }
  return fc.oneof(...arms);
}

const without = (v: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== name));

/** An input broken in exactly one place, wherever the shape can be broken. */
function brokenArb(shape: Shape, o: GenOptions, nested = true): fc.Arbitrary<Broken> {
  switch (shape.type) {
    case 'string':
      return brokenString(shape, o);
    case 'integer':
      return brokenInteger(shape);
    case 'list':
      return brokenList(shape, o);
    case 'structure':
      return brokenStructure(shape, o, nested);
    default:
      return wrongType(shape);
  }
}

/** Sensitive values of at least 6 characters, one of them not a digit (a message never holds them by chance). */
function secretsIn(shape: Shape, v: unknown, out: string[] = []): string[] {
  if (shape.type === 'string' && shape.sensitive && typeof v === 'string' && codePoints(v) >= 6 && /\D/.test(v)) out.push(v);
  if (shape.type === 'structure' && isObject(v)) {
    for (const [k, x] of Object.entries(v)) if (Object.hasOwn(shape.members, k)) secretsIn(shape.members[k], x, out);
  }
  if (shape.type === 'list' && Array.isArray(v)) v.forEach((x) => secretsIn(shape.member, x, out));
  return out;
}

function expectRefused(op: Operation, b: Broken) {
  let error: unknown;
  try {
    validateInput(op, b.value);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StsValidationError);
  const e = error as StsValidationError;
  expect({ member: e.member, rule: e.rule }).toEqual({ member: memberPath(b.at), rule: b.rule });
  const text = `${e.message} ${e.hint ?? ''}`;
  for (const secret of secretsIn(op.input, b.value)) expect(text).not.toContain(secret);
}

const BROKEN: GenOptions = { input: true, mark: true };

describe('(b) inputs broken in one place are refused, naming the place, quoting no secret', () => {
  it.each(OP_NAMES)(`%s (${PER_OPERATION_RUNS} inputs)`, (name) => {
    const op = byName(name);
    fc.assert(
      fc.property(brokenArb(op.input, BROKEN, false), (b) => expectRefused(op, b)),
      { numRuns: PER_OPERATION_RUNS },
    );
  });

  it('through the client: the call rejects with the StsValidationError and sends nothing', async () => {
    let sent = 0;
    const strict = new StsClient({ region: 'us-east-1', maxAttempts: 1, fetch: () => (sent++, Promise.resolve(new Response(''))) });
    const op = AssumeRoleWithWebIdentity;
    await fc.assert(
      fc.asyncProperty(brokenArb(op.input, BROKEN, false), async (b) => {
        await expect(strict.send(op, b.value as never)).rejects.toBeInstanceOf(StsValidationError);
      }),
      { numRuns: 300 },
    );
    expect(sent).toBe(0);
  });

  it('generates every kind of breakage (self-check of the generator)', () => {
    const rules = new Set(fc.sample(brokenArb(byName('AssumeRole').input, BROKEN, false), 2_000).map((b) => b.rule));
    expect([...rules].sort()).toEqual(['length', 'pattern', 'range', 'required', 'type', 'unknown']);
    const enums = fc.sample(brokenArb(byName('GetWebIdentityToken').input, BROKEN, false), 2_000).map((b) => b.rule);
    expect(enums).toContain('enum');
    // The leak check has something to look for: many broken inputs carry a marked secret.
    const web = fc.sample(brokenArb(AssumeRoleWithWebIdentity.input, BROKEN, false), 1_000);
    expect(
      web.filter((b) => secretsIn(AssumeRoleWithWebIdentity.input, b.value).some((v) => v.startsWith(MARK.join('')))),
    ).not.toHaveLength(0);
    expect(web.filter((b) => secretsIn(AssumeRoleWithWebIdentity.input, b.value).length > 0).length).toBeGreaterThan(300);
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it('every integer the validator accepts goes on the wire as a decimal numeral', () => {
    const unbounded = OPERATIONS.flatMap((op) =>
      Object.entries(op.input.members)
        .filter(([, m]) => m.type === 'integer' && m.max === undefined)
        .map(([name]) => ({ op: op.name, name })),
    );
    expect(unbounded.length).toBeGreaterThan(5);
    const huge = fc.oneof(fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(1e21, 1e300, -1e21));
    const cases = fc
      .constantFrom(...unbounded)
      .chain(({ op, name }) =>
        fc.record({ op: fc.constant(op), name: fc.constant(name), input: structureArb(byName(op).input, INPUT, false), n: huge }),
      );
    fc.assert(
      fc.property(cases, ({ op, name, input, n }) => {
        const value = { ...input, [name]: n };
        let refused = false;
        try {
          validateInput(byName(op), value);
        } catch (e) {
          refused = e instanceof StsValidationError && e.member === name;
        }
        if (!refused) expect(parseForm(serializeRequest(byName(op), value)).get(name)).toMatch(/^-?\d+$/);
      }),
      { numRuns: 200 },
    );
  });

  // Regression test for a bug the fuzz and conformance suites found (fixed).
  it('a lone surrogate in a token is refused with an StsValidationError before sending', async () => {
    const surrogate = fc.tuple(fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.nat());
    await fc.assert(
      fc.asyncProperty(surrogate, async ([half, k]) => {
        const i = k % (TOKEN.length + 1);
        const input = { ...WEB, WebIdentityToken: TOKEN.slice(0, i) + half + TOKEN.slice(i) };
        const error = await client.assumeRoleWithWebIdentity(input).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StsValidationError);
        expect((error as StsValidationError).member).toBe('WebIdentityToken');
      }),
      { numRuns: 100 },
    );
  });
});
