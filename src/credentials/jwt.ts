// Reads an ID token's claims without verifying it: the kit only needs sub, exp, iss and aud to
// decide when to renew and how to name the session; STS verifies the token itself.
import { fnvHash } from './fnv-hash';

/** The claims of an ID token that the kit reads; any other claim is kept as it is. */
export interface IdTokenClaims {
  /** The subject: the user's ID at the IdP. */
  sub?: string;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
  /** The issuer URL. */
  iss?: string;
  /** The audience: the client ID(s) the token was issued to. */
  aud?: string | string[];
  [claim: string]: unknown;
}

/**
 * The claims of a JWT, read without verifying it (STS verifies the token itself). Never throws.
 *
 * @returns The claims, or undefined when the token is not a JWT with a JSON object payload.
 */
export function readClaims(token: string): IdTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    // atob decodes base64 without its padding (the spec's forgiving base64), as JWTs send it.
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isClaims(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** Any JSON object is taken as claims: the kit only reads them, STS verifies the token itself. */
const isClaims = (v: unknown): v is IdTokenClaims => typeof v === 'object' && v !== null;

/** The STS RoleSessionName pattern [\w+=,.@-]{2,64}, from any subject. */
export function sessionNameFrom(sub: string | undefined): string {
  let name = (sub ?? '').replace(/[^\w+=,.@-]/g, '-');
  if (name.length > 64) name = `${name.slice(0, 55)}-${fnvHash(name)}`; // keep distinct subjects distinct
  return name.length >= 2 ? name : `user-${name || 'unknown'}`;
}
