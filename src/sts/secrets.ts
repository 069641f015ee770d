// Keeps secrets out of anything a person or a log might see.
import { memberOf } from '../shared/member-of';
import type { Shape } from './shapes';

/** Every sensitive string in a value, found through its shape. */
export function sensitiveValues(shape: Shape, value: unknown, out: string[] = []): string[] {
  if (value == null) return out;
  if (shape.type === 'string' && shape.sensitive && typeof value === 'string' && value) out.push(value);
  else if (shape.type === 'structure' && typeof value === 'object') {
    for (const name in shape.members) sensitiveValues(shape.members[name], memberOf(value, name), out);
  } else if (shape.type === 'list' && Array.isArray(value)) value.forEach((v) => sensitiveValues(shape.member, v, out));
  return out;
}

const JWT = /eyJ[\w-]*\.[\w-]*\.?[\w-]*/g;
// Long runs of token-like characters: what a stray secret key or session token looks like.
const TOKEN_LIKE = /[A-Za-z0-9+/_=-]{40,}/g;

/**
 * Removes the request's secrets and anything shaped like a JWT from a text meant for people. A
 * service's own message keeps everything else verbatim (it may name an issuer URL to check);
 * `strict` also blanks long token-like runs, for bodies of unknown origin.
 */
export function redact(text: string, secrets: readonly string[] = [], strict = false): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(JWT, '[redacted]');
  return strict ? out.replace(TOKEN_LIKE, '[redacted]') : out;
}

/** A short, tag-free, secret-free excerpt of a body that was not what we expected. */
export function excerpt(body: string, secrets: readonly string[] = [], max = 120): string {
  const flat = redact(
    body
      .slice(0, 4096)
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    secrets,
    true,
  );
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
