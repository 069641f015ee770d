// Where the third-party oracles live; set by scripts/conformance.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ORACLES_DIR = process.env.ORACLES_DIR ?? '../shared/oracles';

export function oraclePath(...parts: string[]): string {
  return join(ORACLES_DIR, ...parts);
}

export function readOracleJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(oraclePath(...parts), 'utf8')) as T;
}

export function readOracleText(...parts: string[]): string {
  return readFileSync(oraclePath(...parts), 'utf8');
}
