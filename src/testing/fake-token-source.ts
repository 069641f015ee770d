// An ID-token source for tests: unsigned tokens with the claims a session reads (sub, exp, iss,
// aud), renewals counted, sign-in state switchable. STS stubs do not check signatures.
import type { TokenSource } from '../credentials/token-source';

export interface FakeTokenSource extends TokenSource {
  /** Who is signed in; null for nobody. */
  user: string | null;
  /** Lifetime of each token minted, in seconds. */
  lifetimeSeconds: number;
  /** When set, renewals fail with this error. */
  renewError: Error | null;
  /** How many times a renewal was asked for. */
  renewals: number;
  /** How many times a token was asked for. */
  reads: number;
  /** Tells subscribers that the user changed. */
  changed(): void;
  /** The token currently held. */
  current: string | null;
}

const b64url = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * A token source for tests: unsigned JWTs with sub, exp, iss and aud (STS stubs do not check
 * signatures), renewals and reads counted, the signed-in user switchable. Defaults: user 'user-1',
 * tokens lasting 3600 s, issuer https://idp.example.com, audience 'test-client'.
 */
export function createFakeTokenSource(
  o: { user?: string | null; lifetimeSeconds?: number; now?: () => number; issuer?: string; audience?: string } = {},
): FakeTokenSource {
  const now = o.now ?? Date.now;
  const listeners = new Set<() => void>();
  const mint = (sub: string) => {
    const iat = Math.floor(now() / 1000);
    const claims = {
      iss: o.issuer ?? 'https://idp.example.com',
      aud: o.audience ?? 'test-client',
      sub,
      iat,
      exp: iat + source.lifetimeSeconds,
    };
    return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.sig`;
  };
  const read = (forceRenew: boolean): string | null => {
    source.reads++;
    if (!source.user) return (source.current = null);
    if (forceRenew) {
      source.renewals++;
      if (source.renewError) throw source.renewError;
    }
    // Like an IdP SDK, a plain read returns the token held, expired or not.
    if (forceRenew || !source.current || subOf(source.current) !== source.user) source.current = mint(source.user);
    return source.current;
  };
  const source: FakeTokenSource = {
    user: o.user === undefined ? 'user-1' : o.user,
    lifetimeSeconds: o.lifetimeSeconds ?? 3600,
    renewError: null,
    renewals: 0,
    reads: 0,
    current: null,
    getIdToken({ forceRenew }) {
      // The work happens at the call, as in an async function; a throw becomes the rejection.
      return new Promise((resolve) => resolve(read(forceRenew)));
    },
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    signOut() {
      source.user = null;
      source.current = null;
      return Promise.resolve();
    },
    changed: () => listeners.forEach((l) => l()),
  };
  return source;
}

function subOf(token: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof claims === 'object' && claims !== null && 'sub' in claims && typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
