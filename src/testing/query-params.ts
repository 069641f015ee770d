// The reverse of the awsQuery serialiser: a form body back into the operation's input, so tests
// (and the local stack) can read requests the way they were written.
import type { Shape, StructureShape } from '../sts/shapes';

export function parseForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    params.set(dec(i < 0 ? pair : pair.slice(0, i)), i < 0 ? '' : dec(pair.slice(i + 1)));
  }
  return params;
}

/** Reads a shape's value from flat query params; absent members stay absent. */
export function readQuery(shape: StructureShape, params: Map<string, string>): Record<string, unknown>;
export function readQuery(shape: Shape, params: Map<string, string>, prefix?: string): unknown;
export function readQuery(shape: Shape, params: Map<string, string>, prefix = ''): unknown {
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const name in shape.members) {
        const v = readQuery(shape.members[name], params, at(name));
        if (v !== undefined) out[name] = v;
      }
      return prefix && Object.keys(out).length === 0 && !hasPrefix(params, prefix) ? undefined : out;
    }
    case 'list': {
      if (params.get(prefix) === '') return [];
      const items: unknown[] = [];
      for (let i = 1; hasPrefix(params, `${prefix}.member.${i}`); i++) {
        items.push(readQuery(shape.member, params, `${prefix}.member.${i}`));
      }
      return items.length ? items : undefined;
    }
    case 'map': {
      const entries: [string, unknown][] = [];
      for (let i = 1; params.has(`${prefix}.entry.${i}.key`); i++) {
        entries.push([params.get(`${prefix}.entry.${i}.key`)!, readQuery(shape.value, params, `${prefix}.entry.${i}.value`)]);
      }
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    default: {
      const raw = params.get(prefix);
      if (raw === undefined) return undefined;
      if (shape.type === 'integer') return Number(raw);
      if (shape.type === 'boolean') return raw === 'true';
      if (shape.type === 'timestamp') return new Date(raw);
      return raw;
    }
  }
}

const hasPrefix = (params: Map<string, string>, prefix: string): boolean => {
  for (const k of params.keys()) if (k === prefix || k.startsWith(prefix + '.')) return true;
  return false;
};
