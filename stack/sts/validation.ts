// Input checks with AWS's own wording ("1 validation error detected: Value ... at 'roleSessionName'
// failed to satisfy constraint: ..."), from the same operation table the client uses.
import type { Operation } from '../../src/sts/model';
import type { Shape } from '../../src/sts/shapes';

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

/** The validation errors AWS would list for this input, in its words; [] when valid. */
export function awsValidationErrors(operation: Operation, input: Record<string, any>): string[] {
  const errors: string[] = [];
  const shape = operation.input;
  for (const name of shape.required) {
    if (input[name] === undefined) errors.push(`Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
  }
  for (const [name, member] of Object.entries(shape.members as Record<string, Shape>)) {
    if (input[name] !== undefined) check(member, input[name], lowerFirst(name), errors);
  }
  return errors;
}

function check(shape: Shape, value: any, path: string, errors: string[]) {
  // Sensitive values are never echoed, as AWS does not echo them either.
  const shown = shape.type === 'string' && shape.sensitive ? '' : ` '${String(value).slice(0, 256)}'`;
  const fail = (rule: string) => errors.push(`Value${shown} at '${path}' failed to satisfy constraint: ${rule}`);
  if (shape.type === 'string') {
    const n = [...String(value)].length;
    if (shape.min !== undefined && n < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
    else if (shape.max !== undefined && n > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
    else if (shape.pattern && !shape.pattern.test(value))
      fail(`Member must satisfy regular expression pattern: ${shape.pattern.source.replace(/^\^|\$$/g, '')}`);
  } else if (shape.type === 'integer') {
    if (!Number.isInteger(value)) fail('Member must be a number');
    else if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
    else if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
  } else if (shape.type === 'list') {
    if (shape.max !== undefined && value.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
    value.forEach((v: any, i: number) => check(shape.member, v, `${path}.${i + 1}.member`, errors));
  } else if (shape.type === 'structure') {
    for (const [name, member] of Object.entries(shape.members as Record<string, Shape>)) {
      if (value[name] !== undefined) check(member, value[name], `${path}.${lowerFirst(name)}`, errors);
    }
  }
}

export function validationMessage(errors: string[]): string {
  return `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`;
}
