/**
 * FNV-1a, 8 hex digits: a short, fast string hash to tell strings apart in a name (a long subject
 * in a session name, a session's settings in its tab scope). Not a secret, not crypto.
 */
export function fnvHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
