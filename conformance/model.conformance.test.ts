// The operation table (src/sts/model.ts) against the published STS models: botocore's service-2.json
// (the newest, 11 operations) member by member, and the Smithy model's 9 operations. The table may
// hold more than botocore (operations and members the newest @aws-sdk/client-sts has), but those
// extras must carry no constraints, since none are published for them.
import { describe, expect, it } from 'vitest';
import { readOracleJson } from './oracles';
import { STS_OPERATIONS } from '../src/sts/operations';
import { STS_ERRORS, type Operation, type StsErrorName } from '../src/sts/model';
import { integer, string, structure, type Shape, type StructureShape } from '../src/sts/shapes';

interface BotoRef {
  shape: string;
}
interface BotoShape {
  type: string;
  members?: Record<string, BotoRef>;
  member?: BotoRef;
  value?: BotoRef;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  exception?: boolean;
  error?: { code: string; httpStatusCode: number };
}
interface BotoOperation {
  input?: BotoRef;
  output?: BotoRef & { resultWrapper?: string };
  errors?: BotoRef[];
  authtype?: string;
  auth?: string[];
}
interface BotoModel {
  operations: Record<string, BotoOperation>;
  shapes: Record<string, BotoShape>;
}

const boto = readOracleJson<BotoModel>('sts', 'botocore-service-2.json');
const OPERATIONS = STS_OPERATIONS as Record<string, Operation>;
const botoOps = Object.entries(boto.operations);

// ---- patterns ------------------------------------------------------------------------------

/**
 * botocore writes Java regexes unanchored; `\u10000` means the code point U+10000 there, which JS
 * spells `\u{10000}` (u flag). Escapes such as `\:` are illegal with the u flag, so it is used only
 * when the pattern needs it.
 */
function modelRegExp(pattern: string): RegExp {
  const source = `^(?:${pattern.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}')})$`;
  try {
    return new RegExp(source, 'u');
  } catch {
    return new RegExp(source);
  }
}

// One of each kind of character the STS patterns tell apart, plus a few strings.
const SAMPLE_CHARS = [
  ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)),
  '\x84',
  '\x85',
  '\x86',
  '\x9F',
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
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDC00',
  '\u{1D49C}',
  '\u{1F600}',
  '\u{10FFFF}',
];
const SAMPLES = [
  '',
  ...SAMPLE_CHARS,
  ...SAMPLE_CHARS.map((c) => `ab${c}cd`),
  'arn:aws:iam::123456789012:role/web',
  '{"Version":"2012-10-17","Statement":[]}',
  'alice@example.com',
  'a'.repeat(300),
];

/** The samples on which the two patterns disagree. */
const patternDisagreements = (model: string, table: RegExp): string[] => {
  const re = modelRegExp(model);
  return SAMPLES.filter((s) => re.test(s) !== table.test(s)).map((s) => JSON.stringify(s));
};

// ---- member-by-member comparison -------------------------------------------------------------

type Check = 'type' | 'limits' | 'pattern' | 'enum' | 'required' | 'sensitive' | 'members';

/** Walks a botocore shape and the table's shape together; returns what differs, by check. */
function compareShape(path: string, ref: string, table: Shape, only: Check, out: string[] = []): string[] {
  const model = boto.shapes[ref];
  if (model.type !== table.type) {
    if (only === 'type') out.push(`${path}: type ${table.type}, model ${model.type}`);
    return out;
  }
  if (only === 'limits') {
    const t = table as { min?: number; max?: number };
    if (t.min !== model.min || t.max !== model.max) {
      out.push(`${path}: min/max ${t.min}/${t.max}, model ${model.min}/${model.max}`);
    }
  }
  if (only === 'pattern' && table.type === 'string') checkPattern(path, model, table.pattern, out);
  if (only === 'enum' && table.type === 'string' && String(table.enum ?? '') !== String(model.enum ?? '')) {
    out.push(`${path}: values [${(table.enum ?? []).join(',')}], model [${(model.enum ?? []).join(',')}]`);
  }
  if (only === 'sensitive' && model.sensitive && !(table as { sensitive?: boolean }).sensitive) {
    out.push(`${path}: sensitive in the model, not in the table`);
  }
  if (table.type === 'list') compareShape(`${path}[]`, model.member!.shape, table.member, only, out);
  if (table.type === 'map') compareShape(`${path}{}`, model.value!.shape, table.value, only, out);
  if (table.type === 'structure') compareStructure(path, model, table, only, out);
  return out;
}

function checkPattern(path: string, model: BotoShape, pattern: RegExp | undefined, out: string[]) {
  if (!model.pattern !== !pattern) {
    out.push(`${path}: pattern ${pattern ?? 'none'}, model ${model.pattern ?? 'none'}`);
    return;
  }
  if (!model.pattern || !pattern) return;
  if (!pattern.source.startsWith('^') || !pattern.source.endsWith('$')) out.push(`${path}: ${pattern} is not anchored`);
  const differ = patternDisagreements(model.pattern, pattern);
  if (differ.length) out.push(`${path}: ${pattern} and the model's ${model.pattern} disagree on ${differ.join(', ')}`);
}

function compareStructure(path: string, model: BotoShape, table: StructureShape, only: Check, out: string[]) {
  const prefix = path ? `${path}.` : '';
  const members = model.members ?? {};
  if (only === 'required') {
    const want = [...(model.required ?? [])].sort();
    const have = [...table.required].sort();
    if (want.join() !== have.join()) out.push(`${path || '(top)'}: required [${have.join(',')}], model [${want.join(',')}]`);
  }
  for (const [name, ref] of Object.entries(members)) {
    if (!Object.hasOwn(table.members, name)) {
      if (only === 'members') out.push(`${prefix}${name}: missing from the table`);
      continue;
    }
    compareShape(prefix + name, ref.shape, table.members[name], only, out);
  }
  if (only === 'members') {
    for (const name of Object.keys(table.members)) {
      if (!Object.hasOwn(members, name)) out.push(...constraintsOf(prefix + name, table.members[name]));
    }
  }
}

/**
 * Any constraint on a member the model does not have (the table may add SDK members, but bare).
 * Enum values are allowed there: the SDK publishes those (e.g. WebIdentityTokenSubjectModeType).
 */
function constraintsOf(path: string, shape: Shape, seen = new Set<Shape>()): string[] {
  if (seen.has(shape)) return [];
  seen.add(shape);
  const s = shape as { min?: number; max?: number; pattern?: RegExp };
  const own = s.min !== undefined || s.max !== undefined || s.pattern ? [`${path}: extra member with constraints`] : [];
  const children =
    shape.type === 'structure'
      ? Object.entries(shape.members).flatMap(([n, m]) => constraintsOf(`${path}.${n}`, m, seen))
      : shape.type === 'list'
        ? constraintsOf(`${path}[]`, shape.member, seen)
        : shape.type === 'map'
          ? constraintsOf(`${path}{}`, shape.value, seen)
          : [];
  return [...own, ...children];
}

/** Both the input and the output of an operation, compared for one check. */
function differences(name: string, check: Check): string[] {
  const op = boto.operations[name];
  const table = OPERATIONS[name];
  const out: string[] = [];
  if (op.input) compareShape(`${name} input`, op.input.shape, table.input, check, out);
  if (op.output) compareShape(`${name} output`, op.output.shape, table.output, check, out);
  return out;
}

// ---- tests ------------------------------------------------------------------------------------

describe('STS operation table vs botocore service-2.json', () => {
  it('has all 11 botocore operations, each in STS_OPERATIONS under its name', () => {
    expect(botoOps).toHaveLength(11);
    for (const [name] of botoOps) {
      expect(OPERATIONS[name], name).toBeDefined();
      expect(OPERATIONS[name].name).toBe(name);
    }
  });

  it('reads results from the wrapper botocore names ({Op}Result)', () => {
    for (const [name, op] of botoOps) expect(op.output?.resultWrapper, name).toBe(`${name}Result`);
  });

  it.each(botoOps.map(([name]) => name))('%s: same input and output member names (extras bare)', (name) => {
    const op = boto.operations[name];
    const names = (ref?: BotoRef) => Object.keys(ref ? (boto.shapes[ref.shape].members ?? {}) : {});
    expect(Object.keys(OPERATIONS[name].input.members)).toEqual(expect.arrayContaining(names(op.input)));
    expect(Object.keys(OPERATIONS[name].output.members)).toEqual(expect.arrayContaining(names(op.output)));
    expect(differences(name, 'members')).toEqual([]);
  });

  it.each(botoOps.map(([name]) => name))('%s: every member has the model type', (name) => {
    expect(differences(name, 'type')).toEqual([]);
  });

  // Where the table is deliberately stricter than the model: limits the API reference states and
  // STS enforces, but the model does not carry. Each is listed so no other difference can hide.
  const STRICTER: Record<string, string[]> = {
    AssumeRole: ['PolicyArns'],
    AssumeRoleWithSAML: ['PolicyArns'],
    AssumeRoleWithWebIdentity: ['PolicyArns'],
    GetFederationToken: ['PolicyArns'],
  };
  it.each(botoOps.map(([name]) => name))('%s: every member has the model min/max', (name) => {
    const allowed = STRICTER[name] ?? [];
    const diffs = differences(name, 'limits');
    expect(diffs.filter((d) => !allowed.some((m) => d.includes(m)))).toEqual([]);
    for (const m of allowed) {
      expect(
        diffs.some((d) => d.includes(m)),
        `${name}.${m} is listed as stricter; is it still?`,
      ).toBe(true);
      expect(OPERATIONS[name].input.members[m]).toMatchObject({ type: 'list', max: 10 });
    }
  });

  it.each(botoOps.map(([name]) => name))('%s: every pattern accepts what the model accepts', (name) => {
    expect(differences(name, 'pattern')).toEqual([]);
  });

  it.each(botoOps.map(([name]) => name))('%s: enum values as in the model', (name) => {
    expect(differences(name, 'enum')).toEqual([]);
  });

  it.each(botoOps.map(([name]) => name))('%s: required members as in the model', (name) => {
    expect(differences(name, 'required')).toEqual([]);
  });

  it.each(botoOps.map(([name]) => name))('%s: sensitive members are sensitive in the table', (name) => {
    expect(differences(name, 'sensitive')).toEqual([]);
  });

  it.each(botoOps.map(([name]) => name))('%s: auth as in the model (noAuth -> none)', (name) => {
    const op = boto.operations[name];
    const unsigned = op.authtype === 'none' || (op.auth ?? []).includes('smithy.api#noAuth');
    expect(OPERATIONS[name].auth).toBe(unsigned ? 'none' : 'sigv4');
  });

  it.each(botoOps.map(([name]) => name))('%s: lists every modelled error', (name) => {
    const errors = (boto.operations[name].errors ?? []).map((e) => e.shape);
    expect(OPERATIONS[name].errors).toEqual(expect.arrayContaining(errors));
  });

  it('maps every error shape to its wire code and HTTP status', () => {
    const shapes = Object.entries(boto.shapes).filter(([, s]) => s.exception);
    expect(shapes.length).toBeGreaterThanOrEqual(12);
    for (const [name, shape] of shapes) {
      const row = STS_ERRORS[name as StsErrorName];
      expect(row, name).toBeDefined();
      expect({ code: row.code, status: row.status }, name).toEqual({
        code: shape.error!.code,
        status: shape.error!.httpStatusCode,
      });
    }
  });

  it('reads the model patterns as the samples need (self-check of the normaliser)', () => {
    const arn = modelRegExp(boto.shapes.arnType.pattern!);
    expect(arn.test('arn:aws:iam::123456789012:role/\u{1F600}')).toBe(true);
    expect(arn.test('arn\x00')).toBe(false);
    expect(modelRegExp(boto.shapes.federatedIdType.pattern!).test('a:b')).toBe(true);
    expect(modelRegExp(boto.shapes.tagKeyType.pattern!).test('\u0416\u0663')).toBe(true);
  });

  it('would notice a wrong pattern, limit, type or required list (self-check of the comparison)', () => {
    expect(patternDisagreements(boto.shapes.arnType.pattern!, /^[\x20-\x7E]+$/).length).toBeGreaterThan(5);
    expect(patternDisagreements(boto.shapes.tagKeyType.pattern!, /^[\w.:/=+\-@ ]+$/u).length).toBeGreaterThan(5);
    const wrong = structure({ Key: string({ min: 2 }), Value: integer() }, ['Key']);
    expect(compareShape('Tag', 'Tag', wrong, 'limits')).toHaveLength(1);
    expect(compareShape('Tag', 'Tag', wrong, 'type')).toHaveLength(1);
    expect(compareShape('Tag', 'Tag', wrong, 'pattern')).toHaveLength(1);
    expect(compareShape('Tag', 'Tag', wrong, 'required')).toHaveLength(1);
  });
});

// ---- the Smithy model ---------------------------------------------------------------------------

interface SmithyShape {
  type: string;
  operations?: { target: string }[];
  input?: { target: string };
  output?: { target: string };
  members?: Record<string, unknown>;
}
const smithy = readOracleJson<{ shapes: Record<string, SmithyShape> }>('sts', 'api-models-aws-sts-2011-06-15.json');
const service = Object.values(smithy.shapes).find((s) => s.type === 'service')!;
const smithyOps = (service.operations ?? []).map((o) => o.target);
const local = (id: string) => id.split('#')[1];

describe('STS operation table vs the Smithy model (api-models-aws)', () => {
  it('has the 9 operations of the Smithy service', () => {
    expect(smithyOps).toHaveLength(9);
    expect(Object.keys(OPERATIONS)).toEqual(expect.arrayContaining(smithyOps.map(local)));
  });

  it.each(smithyOps.map((id) => [local(id), id]))('%s: has the Smithy input and output members', (name, id) => {
    const op = smithy.shapes[id];
    const members = (t?: { target: string }) => Object.keys((t && smithy.shapes[t.target]?.members) ?? {});
    expect(Object.keys(OPERATIONS[name].input.members)).toEqual(expect.arrayContaining(members(op.input)));
    expect(Object.keys(OPERATIONS[name].output.members)).toEqual(expect.arrayContaining(members(op.output)));
  });
});
