// The awsQuery request as STS reads it: parameters from the query string and, for a form body
// (application/x-www-form-urlencoded), from the body; lists flattened as `Name.member.N` (1-based),
// structures in lists as `Name.member.N.Field`, an empty list as `Name=` alone.
import type { Member, StsOperation } from './operations';

/** A member's value as sent: text (numbers stay text until validated), a list or a structure. */
export type QueryValue = string | QueryValue[] | { [member: string]: QueryValue };
export type QueryInput = Record<string, QueryValue>;

export class MalformedQuery extends Error {}

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** Whether a body of this Content-Type carries parameters (other bodies are ignored, as STS does). */
export const isFormBody = (contentType: string | undefined): boolean => FORM_TYPE.test(contentType ?? '');

/** Decodes `a=1&b=2` (`+` for space, percent escapes as UTF-8); a bad escape throws MalformedQuery. */
export function decodeForm(text: string, into = new Map<string, string>()): Map<string, string> {
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    into.set(name, eq < 0 ? '' : decodeComponent(pair.slice(eq + 1)));
  }
  return into;
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new MalformedQuery(`cannot decode ${JSON.stringify(s.slice(0, 40))}`);
  }
}

/** Reads the operation's members from flat parameters; absent members stay absent. */
export function readInput(operation: StsOperation, params: Map<string, string>): QueryInput {
  const input: QueryInput = {};
  for (const [name, member] of Object.entries(operation.members)) {
    const value = readMember(member, params, name);
    if (value !== undefined) input[name] = value;
  }
  return input;
}

function readMember(member: Member, params: Map<string, string>, key: string): QueryValue | undefined {
  if (member.kind === 'list') return readList(member.member, params, key);
  if (member.kind === 'structure') {
    const out: Record<string, QueryValue> = {};
    for (const [name, field] of Object.entries(member.members)) {
      const value = readMember(field, params, `${key}.${name}`);
      if (value !== undefined) out[name] = value;
    }
    return Object.keys(out).length || hasKeyUnder(params, key) ? out : undefined;
  }
  return params.get(key);
}

function readList(item: Member, params: Map<string, string>, key: string): QueryValue[] | undefined {
  if (params.get(key) === '') return [];
  const items: QueryValue[] = [];
  for (let i = 1; params.has(`${key}.member.${i}`) || hasKeyUnder(params, `${key}.member.${i}`); i++) {
    items.push(readMember(item, params, `${key}.member.${i}`) ?? '');
  }
  return items.length ? items : undefined;
}

function hasKeyUnder(params: Map<string, string>, key: string): boolean {
  for (const name of params.keys()) if (name.startsWith(`${key}.`)) return true;
  return false;
}

/** A validated member's text, when present (validation has made sure it is text). */
export const textOf = (input: QueryInput, name: string): string | undefined => {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
};

/** A validated list member's length; 0 when absent. */
export const countOf = (input: QueryInput, name: string): number => {
  const value = input[name];
  return Array.isArray(value) ? value.length : 0;
};
