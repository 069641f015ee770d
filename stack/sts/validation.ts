// Input checks with AWS's own wording ("1 validation error detected: Value 'x' at 'roleSessionName'
// failed to satisfy constraint: ..."), against the stack's own table of STS constraints.
import type { QueryInput, QueryValue } from './form';
import type { Member, StsOperation } from './operations';

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);
const INTEGER = /^-?\d+$/;

/** The validation errors AWS would list for this input, in its words; [] when valid. */
export function awsValidationErrors(operation: StsOperation, input: QueryInput): string[] {
  const errors: string[] = [];
  checkFields(operation.members, operation.required, input, '', errors);
  return errors;
}

export function validationMessage(errors: string[]): string {
  return `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`;
}

function checkFields(
  members: Record<string, Member>,
  required: readonly string[],
  value: Record<string, QueryValue>,
  prefix: string,
  errors: string[],
) {
  for (const name of required) {
    if (value[name] === undefined)
      errors.push(`Value null at '${prefix}${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
  }
  for (const [name, member] of Object.entries(members)) {
    const v = value[name];
    if (v !== undefined) check(member, v, `${prefix}${lowerFirst(name)}`, errors);
  }
}

function check(member: Member, value: QueryValue, path: string, errors: string[]) {
  // Sensitive values are never echoed, as AWS does not echo them either.
  const shown = typeof value !== 'string' || (member.kind === 'string' && member.sensitive) ? '' : ` '${value.slice(0, 256)}'`;
  const fail = (rule: string) => errors.push(`Value${shown} at '${path}' failed to satisfy constraint: ${rule}`);
  switch (member.kind) {
    case 'string':
      return typeof value === 'string' ? checkString(member, value, fail) : fail('Member must be a string');
    case 'integer':
      return typeof value === 'string' ? checkInteger(member, value, fail) : fail('Member must be a number');
    case 'list':
      if (!Array.isArray(value)) return fail('Member must be a list');
      if (member.min !== undefined && value.length < member.min) fail(`Member must have length greater than or equal to ${member.min}`);
      else if (member.max !== undefined && value.length > member.max) fail(`Member must have length less than or equal to ${member.max}`);
      return value.forEach((item, i) => check(member.member, item, `${path}.${i + 1}.member`, errors));
    case 'structure':
      if (typeof value === 'string' || Array.isArray(value)) return fail('Member must be a structure');
      return checkFields(member.members, member.required ?? [], value, `${path}.`, errors);
  }
}

function checkString(member: Extract<Member, { kind: 'string' }>, value: string, fail: (rule: string) => void) {
  // Lengths count characters (code points), not UTF-16 units.
  const n = [...value].length;
  if (member.min !== undefined && n < member.min) fail(`Member must have length greater than or equal to ${member.min}`);
  else if (member.max !== undefined && n > member.max) fail(`Member must have length less than or equal to ${member.max}`);
  else if (member.pattern && !member.pattern.test.test(value))
    fail(`Member must satisfy regular expression pattern: ${member.pattern.shown}`);
}

function checkInteger(member: Extract<Member, { kind: 'integer' }>, value: string, fail: (rule: string) => void) {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n)) fail('Member must be a number');
  else if (n < member.min) fail(`Member must have value greater than or equal to ${member.min}`);
  else if (n > member.max) fail(`Member must have value less than or equal to ${member.max}`);
}
