// botocore's awsQuery protocol cases (its rendering of the Smithy httpRequestTests and
// httpResponseTests, plus its older hand-written ones) run through the kit's own serialiser
// (queryPairs) and parser (readOutput / readError). The cases use botocore shapes; an adapter turns
// them into the kit's shapes. Only the features STS uses are in scope (structures, strings,
// integers, date-time timestamps, `member` lists, default `entry/key/value` maps in outputs); every
// other case is listed with the reason it is out of scope, and a minimum count guards the filter.
import { afterAll, describe, expect, it } from 'vitest';
import { readOracleJson } from './oracles';
import { StsServiceException } from '../src/sts/errors';
import type { Operation } from '../src/sts/model';
import { readError, readOutput } from '../src/sts/response';
import { queryPairs } from '../src/sts/serialize';
import type { Shape, StructureShape } from '../src/sts/shapes';
import { encodeQuery } from '../src/shared/uri-encode';

// ---- botocore's test format ---------------------------------------------------------------------

interface Ref {
  shape: string;
  locationName?: string;
  flattened?: boolean;
  timestampFormat?: string;
  idempotencyToken?: boolean;
  hostLabel?: boolean;
  resultWrapper?: string;
}
interface BotoShape {
  type: string;
  members?: Record<string, Ref>;
  member?: Ref;
  key?: Ref;
  value?: Ref;
  flattened?: boolean;
  locationName?: string;
  timestampFormat?: string;
  required?: string[];
}
type Shapes = Record<string, BotoShape>;
interface Given {
  name: string;
  input?: Ref;
  output?: Ref;
  errors?: Ref[];
  endpoint?: { hostPrefix?: string };
  requestcompression?: unknown;
}
interface Case {
  id?: string;
  given: Given;
  params?: Record<string, unknown>;
  serialized?: { body?: string; uri?: string };
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
}
interface Suite {
  description: string;
  metadata: { apiVersion?: string };
  shapes: Shapes;
  cases: Case[];
}
type Direction = 'input' | 'output';

/** One case with what it needs to run, or why it does not. */
interface Prepared {
  file: string;
  name: string;
  suite: Suite;
  testCase: Case;
  reasons: string[];
}

// ---- what is in scope ------------------------------------------------------------------------

const UNSUPPORTED_TYPES: Record<string, string> = {
  blob: 'blob',
  boolean: 'boolean',
  float: 'float/double',
  double: 'float/double',
  long: 'long',
  character: 'character',
};

/** Why a timestamp format is out of scope; date-time (the default) is what STS sends. */
const timestampReason = (format?: string): string | undefined =>
  !format || format === 'iso8601' ? undefined : format === 'unixTimestamp' ? 'epoch-seconds timestamp' : 'http-date timestamp';

/**
 * Why the shape behind a reference cannot be read or written by the kit, looking at this level
 * only (list and map elements included, structure members not: those are dropped one by one).
 */
function levelReason(shapes: Shapes, ref: Ref, dir: Direction, top = false): string | undefined {
  const s = shapes[ref.shape];
  if (ref.locationName || (!top && s.locationName)) return 'xmlName';
  if (ref.flattened || s.flattened) return 'flattened';
  if (ref.idempotencyToken) return 'idempotency token';
  if (ref.hostLabel) return 'host prefix';
  if (UNSUPPORTED_TYPES[s.type]) return UNSUPPORTED_TYPES[s.type];
  if (s.type === 'timestamp') return timestampReason(ref.timestampFormat ?? s.timestampFormat);
  if (s.type === 'list') return s.member!.locationName ? 'xmlName' : levelReason(shapes, s.member!, dir);
  if (s.type === 'map') {
    if (dir === 'input') return 'map in input (STS inputs have none)';
    if (s.key!.locationName || s.value!.locationName) return 'xmlName';
    return levelReason(shapes, s.value!, dir);
  }
  return undefined;
}

/** The out-of-scope features a value actually reaches, walking it along the botocore shape. */
function reachedReasons(shapes: Shapes, ref: Ref, value: unknown, dir: Direction, top = false): string[] {
  const own = levelReason(shapes, ref, dir, top);
  if (own) return [own];
  const s = shapes[ref.shape];
  if (value == null || typeof value !== 'object') return [];
  if (s.type === 'structure') {
    return Object.entries(value).flatMap(([k, v]) => reachedReasons(shapes, s.members![k], v, dir));
  }
  if (s.type === 'list') return (value as unknown[]).flatMap((v) => reachedReasons(shapes, s.member!, v, dir));
  if (s.type === 'map') return Object.values(value).flatMap((v) => reachedReasons(shapes, s.value!, v, dir));
  return [];
}

/** Everything that puts a case out of scope (empty: it runs). */
function caseReasons(suite: Suite, c: Case, dir: Direction | 'error'): string[] {
  const { shapes } = suite;
  const g = c.given;
  const reasons: string[] = [];
  if (g.endpoint?.hostPrefix) reasons.push('host prefix');
  if (g.requestcompression) reasons.push('request compression');
  if (dir === 'input' && g.input) {
    const members = Object.values(shapes[g.input.shape].members ?? {});
    if (members.some((m) => m.idempotencyToken)) reasons.push('idempotency token');
    reasons.push(...reachedReasons(shapes, g.input, c.params ?? {}, 'input', true));
  }
  if (dir === 'output') {
    if (!c.response?.body) reasons.push('empty body (STS always sends a document; the kit refuses an empty 200)');
    if (g.output?.resultWrapper && g.output.resultWrapper !== `${g.name}Result`) reasons.push('custom result wrapper');
    if (g.output) reasons.push(...reachedReasons(shapes, g.output, c.result ?? {}, 'output', true));
  }
  if (dir === 'error') {
    const extra = Object.keys(c.error ?? {}).filter((k) => k !== 'Message' && k !== 'message');
    if (extra.length) reasons.push('error members besides Message (STS errors carry a message only)');
  }
  return [...new Set(reasons)];
}

// ---- botocore shapes -> the kit's shapes ------------------------------------------------------

/**
 * The kit's shape for a botocore shape, dropping members it cannot represent (they are never
 * reached by an in-scope case). Recursive shapes become cyclic objects, which the kit's
 * value-driven walkers handle.
 */
function adapt(shapes: Shapes, ref: Ref, dir: Direction, memo = new Map<string, Shape>()): Shape {
  const known = memo.get(ref.shape);
  if (known) return known;
  const s = shapes[ref.shape];
  switch (s.type) {
    case 'structure': {
      const members: Record<string, Shape> = {};
      const shape: StructureShape = { type: 'structure', members, required: s.required ?? [] };
      memo.set(ref.shape, shape);
      for (const [name, m] of Object.entries(s.members ?? {})) {
        if (!levelReason(shapes, m, dir)) members[name] = adapt(shapes, m, dir, memo);
      }
      return shape;
    }
    case 'list':
      return { type: 'list', member: adapt(shapes, s.member!, dir, memo) };
    case 'map':
      return { type: 'map', value: adapt(shapes, s.value!, dir, memo) };
    case 'integer':
      return { type: 'integer' };
    case 'timestamp':
      return { type: 'timestamp' };
    default:
      return { type: 'string' };
  }
}

const EMPTY: StructureShape = { type: 'structure', members: {}, required: [] };

/** A value with every timestamp in it converted (botocore uses epoch seconds; the kit, Dates). */
function mapTimestamps(shape: Shape, v: unknown, convert: (t: unknown) => unknown): unknown {
  if (v == null) return v;
  switch (shape.type) {
    case 'timestamp':
      return convert(v);
    case 'list':
      return (v as unknown[]).map((x) => mapTimestamps(shape.member, x, convert));
    case 'map':
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTimestamps(shape.value, x, convert)]));
    case 'structure':
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTimestamps(shape.members[k], x, convert)]));
    default:
      return v;
  }
}
const toKit = (shape: Shape, v: unknown) => mapTimestamps(shape, v, (seconds) => new Date((seconds as number) * 1000));
const toBotocore = (shape: Shape, v: unknown) => mapTimestamps(shape, v, (d) => (d as Date).getTime() / 1000);

// ---- loading and classifying ---------------------------------------------------------------

function prepare(file: string, dir: Direction): Prepared[] {
  const suites = readOracleJson<Suite[]>('awsquery', file);
  return suites.flatMap((suite) =>
    suite.cases.map((testCase, i) => ({
      file,
      name: testCase.id ?? `${suite.description} #${i + 1}`,
      suite,
      testCase,
      reasons: caseReasons(suite, testCase, dir === 'output' && testCase.errorCode ? 'error' : dir),
    })),
  );
}

const FILES: { file: string; dir: Direction; total: number; minRun: number }[] = [
  { file: 'botocore-input-query.json', dir: 'input', total: 38, minRun: 11 },
  { file: 'botocore-legacy-input-query.json', dir: 'input', total: 25, minRun: 9 },
  { file: 'botocore-output-query.json', dir: 'output', total: 38, minRun: 18 },
  { file: 'botocore-legacy-output-query.json', dir: 'output', total: 19, minRun: 6 },
];
const prepared = Object.fromEntries(FILES.map((f) => [f.file, prepare(f.file, f.dir)]));
const inScope = (file: string) => prepared[file].filter((p) => p.reasons.length === 0);
const ran = new Map<string, number>();
const noteRun = (p: Prepared) => ran.set(p.file, (ran.get(p.file) ?? 0) + 1);

// ---- running a case ----------------------------------------------------------------------

/** A form body as a sorted list of decoded [name, value] pairs. */
const decodedPairs = (body: string): string[] => [...new URLSearchParams(body)].map(([k, v]) => JSON.stringify([k, v])).sort();

function runInput(p: Prepared) {
  const { given, params = {}, serialized } = p.testCase;
  const shape = given.input ? adapt(p.suite.shapes, given.input, 'input') : EMPTY;
  const pairs = queryPairs(shape, toKit(shape, params), '', [
    ['Action', given.name],
    ['Version', p.suite.metadata.apiVersion!],
  ]);
  const body = encodeQuery(pairs);
  expect(pairs.slice(0, 2)).toEqual([
    ['Action', given.name],
    ['Version', p.suite.metadata.apiVersion],
  ]);
  // Every byte outside RFC 3986's unreserved set is percent-encoded, names and values alike.
  for (const part of body.split('&')) expect(part).toMatch(/^[A-Za-z0-9\-._~%]+=[A-Za-z0-9\-._~%]*$/);
  expect(decodedPairs(body)).toEqual(decodedPairs(serialized!.body!));
}

/** The operation the kit's readOutput needs: only the name and the output shape matter. */
const operationFor = (p: Prepared): Operation => ({
  name: p.testCase.given.name,
  auth: 'none',
  errors: [],
  input: EMPTY,
  output: p.testCase.given.output ? (adapt(p.suite.shapes, p.testCase.given.output, 'output') as StructureShape) : EMPTY,
});

const answerOf = (c: Case) => ({
  status: c.response!.status_code,
  headers: new Headers(c.response!.headers ?? {}),
  body: c.response!.body ?? '',
});

/** The RequestId element as written in the body (botocore's results leave it out). */
const bodyRequestId = (body: string) => /<RequestId>([^<]*)<\/RequestId>/.exec(body)?.[1];

function runOutput(p: Prepared) {
  const op = operationFor(p);
  const answer = answerOf(p.testCase);
  const { output, requestId } = readOutput(op, answer);
  expect(toBotocore(op.output, output)).toEqual(p.testCase.result);
  expect(requestId).toBe(bodyRequestId(answer.body));
}

function runError(p: Prepared) {
  const c = p.testCase;
  const answer = answerOf(c);
  const error = readError(answer, { httpStatusCode: answer.status }, []);
  expect(error).toBeInstanceOf(StsServiceException);
  expect(error.Code).toBe(c.errorCode);
  expect(error.name).toBe(c.errorCode);
  expect(error.message).toBe(c.errorMessage ?? c.error?.Message);
  expect(error.Type).toBe(/<Type>([^<]*)<\/Type>/.exec(answer.body)?.[1]);
  expect(error.$metadata.httpStatusCode).toBe(c.response!.status_code);
  expect(error.$metadata.requestId).toBe(bodyRequestId(answer.body));
}

// ---- tests ------------------------------------------------------------------------------------

describe.each(FILES)('awsQuery $file', ({ file, dir, total, minRun }) => {
  it(`has its ${total} cases, and at least ${minRun} in scope`, () => {
    expect(prepared[file]).toHaveLength(total);
    expect(inScope(file).length).toBeGreaterThanOrEqual(minRun);
  });

  it.each(inScope(file).map((p) => [p.name, p] as const))('%s', (_, p) => {
    noteRun(p);
    if (dir === 'input') runInput(p);
    else if (p.testCase.errorCode) runError(p);
    else runOutput(p);
  });
});

describe('awsQuery adapter', () => {
  it('would notice a wrong body or a wrong result (self-check of the runners)', () => {
    const input = inScope('botocore-input-query.json').find((p) => p.name === 'QueryLists')!;
    expect(() => runInput({ ...input, testCase: { ...input.testCase, params: { ListArg: ['foo'] } } })).toThrow();
    const output = inScope('botocore-output-query.json').find((p) => p.name === 'QueryXmlTimestamps')!;
    expect(() => runOutput({ ...output, testCase: { ...output.testCase, result: { normal: 1398796239 } } })).toThrow();
  });

  it('classifies the features it leaves out (self-check of the filter)', () => {
    const reasons = Object.values(prepared)
      .flat()
      .flatMap((p) => p.reasons);
    for (const r of [
      'blob',
      'boolean',
      'float/double',
      'flattened',
      'xmlName',
      'epoch-seconds timestamp',
      'http-date timestamp',
      'idempotency token',
      'host prefix',
      'request compression',
    ]) {
      expect(reasons, r).toContain(r);
    }
  });
});

afterAll(() => {
  // The run's ledger: what ran per file, and every case left out with its reasons.
  for (const { file } of FILES) {
    const out = prepared[file].filter((p) => p.reasons.length);
    console.log(`awsQuery ${file}: ${ran.get(file) ?? 0} ran, ${out.length} out of scope`);
    for (const p of out) console.log(`  - ${p.name}: ${p.reasons.join('; ')}`);
  }
});
