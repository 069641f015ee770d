// Signs a user in through the stack's real authorization-code + PKCE flow, from Node: the login
// form posted as a browser would, cookies carried by hand. For tests and benchmarks that need a
// genuine ID token (and refresh token) without a browser.
import { createHash, randomBytes } from 'node:crypto';

export interface TokenSet {
  id_token: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * Follows an authorization URL through the stack's login page with a username and password, as
 * a browser would; returns the redirect URI the provider sends back, with its code and state.
 */
export async function completeLogin(o: {
  authUrl: string;
  issuer: string;
  redirectUri: string;
  username: string;
  password: string;
}): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: cookie() } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let res = await go(o.authUrl);
  let location = res.headers.get('location') ?? '';
  const uid = /\/interaction\/([\w-]+)/.exec(location)?.[1];
  if (!uid) throw new Error(`login: no interaction (HTTP ${res.status}: ${await res.text()})`);
  res = await go(new URL(`/interaction/${uid}/login`, o.issuer).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: o.username, password: o.password }).toString(),
  });
  // Follow the provider's redirects until it sends the browser back to the app.
  for (let hops = 0; hops < 10; hops++) {
    location = res.headers.get('location') ?? '';
    if (!location) throw new Error(`login: sign-in failed (HTTP ${res.status})`);
    if (location.startsWith(o.redirectUri)) return location;
    res = await go(new URL(location, o.issuer).toString());
  }
  throw new Error('login: too many redirects');
}

/** The whole code + PKCE flow from Node, for a genuine ID token (and refresh token). */
export async function passwordLogin(o: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
}): Promise<TokenSet> {
  const verifier = b64url(randomBytes(32));
  const auth = new URL('/auth', o.issuer);
  auth.search = new URLSearchParams({
    client_id: o.clientId,
    redirect_uri: o.redirectUri,
    response_type: 'code',
    scope: o.scope ?? 'openid profile email offline_access',
    state: b64url(randomBytes(8)),
    nonce: b64url(randomBytes(8)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const back = await completeLogin({ ...o, authUrl: auth.toString() });
  const code = new URL(back).searchParams.get('code');
  if (!code) throw new Error(`passwordLogin: no code in ${new URL(back).search}`);
  const token = await fetch(new URL('/token', o.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(o.redirectUri).origin },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: o.redirectUri,
      client_id: o.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  if (!token.ok) throw new Error(`passwordLogin: token endpoint HTTP ${token.status}`);
  return (await token.json()) as TokenSet;
}
