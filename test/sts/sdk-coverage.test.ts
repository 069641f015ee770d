// The table against the installed @aws-sdk/client-sts: every command is an operation of ours with
// the same member names (recursively), and every exception is ours with the same wire code and
// status. When a new client-sts adds an operation or a member, this fails until the table has it.
import * as sdk from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/sts/index';
import type { Shape } from '../../src/sts/shapes';

// The SDK's schemas: [3, namespace, name, traits, memberNames, memberSchemas, ...] for structures,
// [-3, namespace, name, traits, ...] for errors, [1, ns, name, traits, member] for lists.
type Schema = any;
const deref = (s: Schema): Schema =>
  typeof s === 'function' ? deref(s()) : Array.isArray(s) && typeof s[0] === 'function' ? deref(s[0]) : s;

/** Compares member names of an SDK structure schema with a kit shape, all the way down. */
function compareMembers(sdkSchema: Schema, shape: Shape, path: string, diffs: string[]) {
  const s = deref(sdkSchema);
  if (!Array.isArray(s)) return;
  if (s[0] === 3 && shape.type === 'structure') {
    const names: string[] = s[4];
    const ours = Object.keys(shape.members);
    for (const n of names) if (!ours.includes(n)) diffs.push(`${path}.${n} missing from the kit`);
    for (const n of ours) if (!names.includes(n)) diffs.push(`${path}.${n} not in the SDK`);
    names.forEach((n, i) => shape.members[n] && compareMembers(s[5][i], shape.members[n], `${path}.${n}`, diffs));
  } else if (s[0] === 1 && shape.type === 'list') {
    compareMembers(s[4], shape.member, `${path}[]`, diffs);
  }
}

const commands = Object.keys(sdk).filter((k) => k.endsWith('Command') && k !== '$Command');
const exceptions = Object.entries(sdk).filter(
  ([k, v]) => typeof v === 'function' && k !== 'STSServiceException' && (v as any).prototype instanceof sdk.STSServiceException,
);

describe('coverage of the installed @aws-sdk/client-sts', () => {
  it('finds the SDK exports it compares with', () => {
    expect(commands.length).toBeGreaterThanOrEqual(12);
    expect(exceptions.length).toBeGreaterThanOrEqual(15);
  });

  it.each(commands)('%s is an operation of the table with the same members', (command) => {
    const name = command.replace(/Command$/, '');
    const op = (kit.STS_OPERATIONS as Record<string, kit.Shape & any>)[name];
    expect(op, `${name} missing from STS_OPERATIONS`).toBeDefined();
    const method = name[0].toLowerCase() + name.slice(1);
    expect(typeof (new kit.StsClient({ region: 'us-east-1' }) as any)[method]).toBe('function');
    const diffs: string[] = [];
    compareMembers((sdk as any)[`${name}Request$`], op.input, `${name}Request`, diffs);
    compareMembers((sdk as any)[`${name}Response$`], op.output, `${name}Response`, diffs);
    expect(diffs).toEqual([]);
  });

  it.each(exceptions.map(([k]) => k))('%s is a kit exception with the same wire code and status', (name) => {
    const ours = (kit as any)[name];
    expect(ours, `${name} missing from the kit`).toBeDefined();
    expect(ours.prototype).toBeInstanceOf(kit.StsServiceException);
    const schema = (sdk as any)[`${name}$`];
    const traits = schema[3];
    const [code, status] = Object.values(traits).find((v) => Array.isArray(v)) as [string, number];
    expect(kit.STS_ERRORS[name as kit.StsErrorName]).toEqual({ code, status });
  });

  it('lists every modelled exception under the operations that the SDK says throw it', async () => {
    // The SDK's command docs name what each throws; the table's per-operation errors must agree.
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const dir = createRequire(import.meta.url)
      .resolve('@aws-sdk/client-sts')
      .replace(/dist-cjs\/index\.js$/, 'dist-types/commands/');
    for (const command of commands) {
      const doc = readFileSync(`${dir}${command}.d.ts`, 'utf8');
      const thrown = [...doc.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]).filter((n) => n !== 'STSServiceException');
      const op = (kit.STS_OPERATIONS as any)[command.replace(/Command$/, '')];
      expect([...op.errors].sort(), command).toEqual([...new Set(thrown)].sort());
    }
  });
});
