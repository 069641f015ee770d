// The one string hash of the credentials layer (session names of long subjects, tab scopes).
import { describe, expect, it } from 'vitest';
import { fnvHash } from '../../src/credentials/fnv-hash';

describe('fnvHash', () => {
  it('is FNV-1a 32-bit in 8 hex digits (the published test vectors)', () => {
    expect(fnvHash('')).toBe('811c9dc5');
    expect(fnvHash('a')).toBe('e40c292c');
    expect(fnvHash('foobar')).toBe('bf9cf968');
  });

  it('tells strings that differ in one character apart', () => {
    expect(fnvHash('x'.repeat(100) + 'a')).not.toBe(fnvHash('x'.repeat(100) + 'b'));
  });
});
