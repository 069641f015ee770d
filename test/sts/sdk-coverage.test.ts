// The table against the installed @aws-sdk/client-sts: every command is an operation of ours with
// the same member names (recursively), and every exception is ours with the same wire code and
// status. When a new client-sts adds an operation or a member, this fails until the table has it.
import * as sdk from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/sts/index';
import type { Shape } from '../../src/sts/shapes';

// The SDK's schemas: [3, namespace, name, traits, memberNames, memberSchemas, ...] for structures,
// [-3, namespace, name, traits, ...] for errors, [1, ns, name, traits, member] for lists, or a
// function returning one. They are the SDK's internals, without public types: read as unknown here.
const isTuple = (s: unknown): s is readonly unknown[] => Array.isArray(s);
const isStrings = (s: unknown): s is readonly string[] => isTuple(s) && s.every((n) => typeof n === 'string');
const deref = (s: unknown): unknown =>
  typeof s === 'function' ? deref((s as () => unknown)()) : isTuple(s) && typeof s[0] === 'function' ? deref(s[0]) : s;

/** Compares member names of an SDK structure schema with a kit shape, all the way down. */
function compareMembers(sdkSchema: unknown, shape: Shape, path: string, diffs: string[]) {
  const s = deref(sdkSchema);
  if (!isTuple(s)) return;
  if (s[0] === 3 && shape.type === 'structure') {
    const [names, schemas] = [s[4], s[5]];
    if (!isStrings(names) || !isTuple(schemas)) {
      diffs.push(`${path}: the SDK schema has no member names and schemas`);
      return;
    }
    const ours = Object.keys(shape.members);
    for (const n of names) if (!ours.includes(n)) diffs.push(`${path}.${n} missing from the kit`);
    for (const n of ours) if (!names.includes(n)) diffs.push(`${path}.${n} not in the SDK`);
    names.forEach((n, i) => shape.members[n] && compareMembers(schemas[i], shape.members[n], `${path}.${n}`, diffs));
  } else if (s[0] === 1 && shape.type === 'list') {
    compareMembers(s[4], shape.member, `${path}[]`, diffs);
  }
}

/** The SDK's exports by name, schemas included. */
const SDK: Record<string, unknown> = sdk;
const commands = Object.keys(sdk).filter((k) => k.endsWith('Command') && k !== '$Command');
const exceptions = Object.entries(SDK).filter(
  ([k, v]) => typeof v === 'function' && k !== 'STSServiceException' && v.prototype instanceof sdk.STSServiceException,
);
const OPERATIONS: Partial<Record<string, kit.Operation>> = kit.STS_OPERATIONS;

describe('coverage of the installed @aws-sdk/client-sts', () => {
  it('finds the SDK exports it compares with', () => {
    expect(commands.length).toBeGreaterThanOrEqual(12);
    expect(exceptions.length).toBeGreaterThanOrEqual(15);
  });

  it.each(commands)('%s is an operation of the table with the same members', (command) => {
    const name = command.replace(/Command$/, '');
    const op = OPERATIONS[name];
    expect(op, `${name} missing from STS_OPERATIONS`).toBeDefined();
    const method = (name[0].toLowerCase() + name.slice(1)) as keyof kit.StsClient; // checked just below
    expect(typeof new kit.StsClient({ region: 'us-east-1' })[method]).toBe('function');
    const diffs: string[] = [];
    compareMembers(SDK[`${name}Request$`], op!.input, `${name}Request`, diffs);
    compareMembers(SDK[`${name}Response$`], op!.output, `${name}Response`, diffs);
    expect(diffs).toEqual([]);
  });

  it.each(exceptions.map(([k]) => k))('%s is a kit exception with the same wire code and status', (name) => {
    const ours: unknown = (kit as Record<string, unknown>)[name];
    expect(ours, `${name} missing from the kit`).toBeDefined();
    expect(typeof ours === 'function' ? ours.prototype : ours).toBeInstanceOf(kit.StsServiceException);
    const schema = SDK[`${name}$`] as readonly [kind: number, namespace: string, name: string, traits: Record<string, unknown>];
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
      const op = OPERATIONS[command.replace(/Command$/, '')];
      expect([...op!.errors].sort(), command).toEqual([...new Set(thrown)].sort());
    }
  });
});
