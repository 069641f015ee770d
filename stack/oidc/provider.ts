// The stack's identity provider: oidc-provider (a certified OpenID provider) with one public SPA
// client (authorization code + PKCE S256), refresh tokens for silent renewal, demo users and a
// plain login page that people and Playwright can fill in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface DemoUser {
  username: string;
  password: string;
  sub: string;
  name: string;
  email: string;
}

export const DEFAULT_USERS: DemoUser[] = [
  { username: 'demo', password: 'demo', sub: 'demo-user-0001', name: 'Demo User', email: 'demo@example.com' },
  { username: 'alice', password: 'alice', sub: 'alice-0002', name: 'Alice Example', email: 'alice@example.com' },
];

export const DEFAULT_CLIENT_ID = 'web-identity-kit-demo';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  users: DemoUser[];
  idTokenLifetimeSeconds: number;
  accessTokenLifetimeSeconds: number;
}

const isLoopbackOrigin = (origin: string) => /^https?:\/\/(localhost|127(\.\d+){3}|\[::1\])(:\d+)?$/.test(origin);

export async function createOidcProvider(o: OidcOptions) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'stack-key-1', alg: 'RS256', use: 'sig' };
  const users = new Map(o.users.map((u) => [u.sub, u]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: o.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: o.redirectUris,
        post_logout_redirect_uris: o.postLogoutRedirectUris,
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomUUID()] },
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: {
      IdToken: o.idTokenLifetimeSeconds,
      AccessToken: o.accessTokenLifetimeSeconds,
      AuthorizationCode: 60,
      RefreshToken: 24 * 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      Interaction: 600,
    },
    // The SPA renews with refresh tokens whether or not it asked for offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // A first-party app: consent is implied, as with a company's own IdP.
    loadExistingGrant: async (ctx) => {
      const client = ctx.oidc.client!;
      const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile email offline_access');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: user.name, email: user.email, email_verified: true }),
      };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<p role="alert">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`,
      );
    },
  };

  const provider = new Provider(o.issuer, configuration);
  const callback = provider.callback();

  /** The login page and its form; everything else is oidc-provider's. */
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', o.issuer);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask; a 404 would be a console error on the login page
      return;
    }
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && m[2]) {
        const form = new URLSearchParams(await readBody(req));
        const user = o.users.find((u) => u.username === form.get('login') && u.password === form.get('password'));
        if (!user) return send(res, 200, loginPage(details.uid, 'Wrong username or password.'));
        return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      }
      // The grant is implied (loadExistingGrant), so only the login prompt is ever shown.
      if (details.prompt.name === 'consent') {
        const grant = new provider.Grant({ clientId: String(details.params.client_id), accountId: String(details.session?.accountId) });
        const scope = details.params.scope;
        grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      send(res, 200, loginPage(details.uid));
    } catch (e) {
      send(res, 400, page('Sign-in error', `<p role="alert">${escapeHtml((e as Error).message)}</p>`));
    }
  }

  /**
   * An ID token signed with the provider's key, with any claims: for tests of what STS must
   * refuse (expired, wrong audience, future iat) without waiting for the real thing.
   */
  const mintIdToken = (claims: JWTPayload) =>
    new SignJWT({
      iss: o.issuer,
      aud: o.clientId,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
      .sign(privateKey);

  return { provider, handle, jwk, mintIdToken };
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
      if (body.length > limit) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.2rem;padding:.6rem 1.2rem;font:inherit;background:#1b5fd0;color:#fff;border:0;border-radius:4px;cursor:pointer}
[role=alert]{color:#b00020}small{color:#5b6270}</style></head><body>${body}</body></html>`;
}

function loginPage(uid: string, error?: string) {
  return page(
    'Sign in — local identity provider',
    `<h1>Sign in</h1><small>Local identity provider of web-identity-kit. Users: demo/demo, alice/alice.</small>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Username</label><input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}
