// Input checked against the model before any network call, so a typo or an out-of-range value
// fails at once with the member's name and the rule, instead of a round trip to STS. Values are
// never quoted: a member may hold a token or an assertion.
import { StsValidationError } from './errors';
import type { Operation } from './model';
import type { Shape } from './shapes';

const range = (min: number | undefined, max: number | undefined, unit: string): string =>
  min !== undefined && max !== undefined
    ? `${min} to ${max}${unit}`
    : min !== undefined
      ? `at least ${min}${unit}`
      : `at most ${max}${unit}`;

const outside = (n: number, min?: number, max?: number) => (min !== undefined && n < min) || (max !== undefined && n > max);

export function validateInput(operation: Operation, input: unknown): void {
  const fail = (path: string, rule: string, detail: string): never => {
    throw new StsValidationError(operation.name, path || 'input', rule, detail);
  };

  const check = (shape: Shape, value: unknown, path: string): void => {
    const wrongType = (what: string) => fail(path, 'type', `must be ${what}, got ${typeOf(value)}`);
    switch (shape.type) {
      case 'string': {
        if (typeof value !== 'string') return wrongType('a string');
        if (LONE_SURROGATE.test(value)) return fail(path, 'type', 'must be well-formed Unicode (it has a lone surrogate)');
        // Length as the model counts it: Unicode code points (the string is well-formed by now).
        const n = [...value].length;
        if (outside(n, shape.min, shape.max)) {
          fail(path, 'length', `must be ${range(shape.min, shape.max, ' characters')} long, got ${n}`);
        }
        if (shape.enum && !shape.enum.includes(value)) fail(path, 'enum', `must be one of ${shape.enum.join(', ')}`);
        if (shape.pattern && !shape.pattern.test(value)) {
          fail(path, 'pattern', `has characters outside ${patternText(shape.pattern)}`);
        }
        return;
      }
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          return wrongType('a whole number');
        }
        if (outside(value, shape.min ?? INT32_MIN, shape.max ?? INT32_MAX)) {
          fail(path, 'range', `must be ${range(shape.min ?? INT32_MIN, shape.max ?? INT32_MAX, '')}, got ${value}`);
        }
        return;
      case 'boolean':
        if (typeof value !== 'boolean') wrongType('true or false');
        return;
      case 'timestamp':
        if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(path, 'type', 'must be a valid Date');
        return;
      case 'list':
        if (!Array.isArray(value)) return wrongType('an array');
        if (outside(value.length, shape.min, shape.max)) {
          fail(path, 'length', `must have ${range(shape.min, shape.max, ' items')}, got ${value.length}`);
        }
        value.forEach((v, i) => check(shape.member, v, `${path}[${i}]`));
        return;
      case 'map':
        if (!isPlainObject(value)) return wrongType('an object');
        for (const key in value) check(shape.value, value[key], `${path}.${key}`);
        return;
      case 'structure': {
        if (!isPlainObject(value)) return wrongType('an object');
        const prefix = path ? `${path}.` : '';
        for (const name of shape.required) {
          if (value[name] == null) fail(prefix + name, 'required', 'is required');
        }
        for (const name in value) {
          const member = shape.members[name];
          if (!Object.hasOwn(shape.members, name)) {
            fail(
              prefix + name,
              'unknown',
              `is not a member of ${operation.name}; known members: ${Object.keys(shape.members).join(', ') || 'none'}`,
            );
          } else if (value[name] != null) check(member, value[name], prefix + name);
        }
      }
    }
  };

  check(operation.input, input ?? {}, '');
}

// Smithy integers are 32-bit; members without a tighter limit still have that one.
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** The model's pattern as people read it: the character class without anchors and flags. */
const patternText = (re: RegExp): string => re.source.replace(/^\^|\$$/g, '');
