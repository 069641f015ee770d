// The local stack: an OIDC provider, STS and S3 on 127.0.0.1, each on its own port, started
// and stopped together. `npm run stack` runs it from the command line; tests import it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialsStore, newAccessKeyId, newSecret } from './iam/credentials-store';
import { Faults, type Fault } from './shared/faults';
import { RequestLog } from './shared/http';
import { createOidcProvider, DEFAULT_CLIENT_ID, DEFAULT_USERS, type DemoUser } from './oidc/provider';
import { createS3Endpoint } from './s3/service';
import type { BucketCors } from './s3/cors';
import { createStsEndpoint, type AuthorizationContext, type OidcProviderConfig, type RoleConfig } from './sts/service';

export const ACCOUNT = '123456789012';
export const DEFAULT_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/web`;
export const DEFAULT_BUCKET = 'demo';

export interface StackOptions {
  /** Ports to listen on; 0 (default) picks free ones. */
  ports?: { issuer?: number; sts?: number; s3?: number };
  /** Where the SPA may be redirected back to after sign-in (the demo app, e2e pages). */
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  clientId?: string;
  users?: DemoUser[];
  idTokenLifetimeSeconds?: number;
  accessTokenLifetimeSeconds?: number;
  /** Shortens the lifetime of every credential STS issues (for refresh tests). */
  credentialLifetimeSeconds?: number;
  /** Subjects the IdP is configured to reject (STS answers IDPRejectedClaim for them). */
  rejectedSubjects?: string[];
  /** Replace the default role `web` (trusting the IdP's SPA client, S3 on bucket demo). */
  roles?: (issuer: string, clientId: string) => RoleConfig[];
  buckets?: string[];
  /** The bucket CORS rule; the default allows loopback origins and exposes ETag. */
  cors?: BucketCors;
  faults?: Fault[];
  /** Seed for probabilistic faults. */
  seed?: number;
  /** The stack's clock; injectable for tests. */
  now?: () => number;
}

export interface LocalStack {
  issuer: string;
  sts: string;
  s3: string;
  clientId: string;
  roleArn: string;
  bucket: string;
  /** Long-term keys of an IAM user of the account (for AssumeRole and signed tests). */
  userKeys: { accessKeyId: string; secretAccessKey: string };
  credentials: CredentialsStore;
  objects: ReturnType<typeof createS3Endpoint>['objects'];
  /** The temp folder that holds S3's objects while the stack runs; close() removes it. */
  storageDir: string;
  log: RequestLog;
  /** Requests the STS and S3 endpoints have received and not yet finished handling (an answer
   * held by a latency fault, a body still arriving): a test waits for 0 to see the server settled. */
  inProgress(): number;
  faults: Faults;
  settings: { credentialLifetimeSeconds?: number; cors: BucketCors };
  /** An ID token signed by the IdP with any claims (defaults: iss, aud, iat, exp in an hour). */
  mintIdToken(claims: Record<string, unknown>): Promise<string>;
  /** An encoded authorization message, as AWS services attach to some denials; STS decodes it. */
  encodeAuthorizationMessage(context: AuthorizationContext): string;
  close(): Promise<void>;
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(\.\d+){3}|\[::1\])(:\d+)?$/;

export const defaultCors = (): BucketCors => ({
  allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
  allowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag', 'x-amz-version-id', 'Date'],
  maxAgeSeconds: 600,
});

export async function startLocalStack(options: StackOptions = {}): Promise<LocalStack> {
  const now = options.now ?? Date.now;
  const log = new RequestLog();
  const faults = new Faults(options.faults, options.seed);
  const credentials = new CredentialsStore();
  const settings = { credentialLifetimeSeconds: options.credentialLifetimeSeconds, cors: options.cors ?? defaultCors() };
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;

  // Listen first: the issuer URL and the roles need the ports.
  const idp = await listen(options.ports?.issuer);
  const sts = await listen(options.ports?.sts);
  const s3 = await listen(options.ports?.s3);
  const issuer = `http://127.0.0.1:${port(idp)}`;

  const userKeys = { accessKeyId: newAccessKeyId('AKIA'), secretAccessKey: newSecret() };
  credentials.add({
    ...userKeys,
    principalArn: `arn:aws:iam::${ACCOUNT}:user/developer`,
    userId: 'AIDASTACKDEVELOPER01',
    account: ACCOUNT,
    policies: [],
  });

  const buckets = options.buckets ?? [DEFAULT_BUCKET];
  const roles = options.roles?.(issuer, clientId) ?? [
    {
      arn: DEFAULT_ROLE_ARN,
      maxSessionDuration: 3600,
      trust: { federated: issuer.replace(/^https?:\/\//, ''), audiences: [clientId], accounts: [ACCOUNT] },
      permissions: { actions: ['s3:*'], resources: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]) },
    },
  ];
  const providers: OidcProviderConfig[] = [{ url: issuer, clientIds: [clientId], rejectedSubjects: options.rejectedSubjects }];

  const oidc = await createOidcProvider({
    issuer,
    clientId,
    redirectUris: options.redirectUris ?? ['http://127.0.0.1:5173/', 'http://localhost:5173/'],
    postLogoutRedirectUris: options.postLogoutRedirectUris ?? options.redirectUris ?? ['http://127.0.0.1:5173/', 'http://localhost:5173/'],
    users: options.users ?? DEFAULT_USERS,
    idTokenLifetimeSeconds: options.idTokenLifetimeSeconds ?? 3600,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
  });
  const stsEndpoint = createStsEndpoint({
    account: ACCOUNT,
    providers,
    roles,
    store: credentials,
    faults,
    log,
    now,
    credentialLifetimeSeconds: () => settings.credentialLifetimeSeconds,
    allowOrigin: (o) => LOOPBACK_ORIGIN.test(o),
  });
  const s3Endpoint = createS3Endpoint({ buckets, store: credentials, faults, log, now, cors: () => settings.cors });

  const handling = { count: 0 };
  serve(idp, (req, res) => oidc.handle(req, res));
  serve(sts, (req, res) => (control(req, res, faults, settings, log) ? undefined : stsEndpoint.handle(req, res)), handling);
  serve(s3, (req, res) => (control(req, res, faults, settings, log) ? undefined : s3Endpoint.handle(req, res)), handling);

  return {
    issuer,
    sts: `http://127.0.0.1:${port(sts)}`,
    s3: `http://127.0.0.1:${port(s3)}`,
    clientId,
    roleArn: roles[0].arn,
    bucket: buckets[0],
    userKeys,
    credentials,
    objects: s3Endpoint.objects,
    storageDir: s3Endpoint.storageDir,
    log,
    inProgress: () => handling.count,
    faults,
    settings,
    mintIdToken: oidc.mintIdToken,
    encodeAuthorizationMessage: stsEndpoint.encodeAuthorizationMessage,
    async close() {
      await Promise.all([idp, sts, s3].map(stop));
      await s3Endpoint.close();
    },
  };
}

function listen(portNumber = 0): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(portNumber, '127.0.0.1', () => resolve(server));
  });
}

const port = (s: Server) => (s.address() as AddressInfo).port;

function serve(server: Server, handler: (req: IncomingMessage, res: ServerResponse) => unknown, handling = { count: 0 }) {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handling.count++;
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        // Every endpoint answers its own errors; this is the last line, so the stack keeps serving.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      })
      .finally(() => handling.count--);
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * The control endpoint, /__control/* on STS and S3: faults, credential lifetime, bucket CORS and
 * the request log, for the demo's panel and for tests in another process (the browser).
 */
function control(req: IncomingMessage, res: ServerResponse, faults: Faults, settings: LocalStack['settings'], log: RequestLog): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (!path.startsWith('/__control/')) return false;
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'OPTIONS') return (reply(204, {}), true);
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    try {
      const json: unknown = body ? JSON.parse(body) : {};
      if (path === '/__control/faults' && req.method === 'POST') {
        // A test harness's own input, trusted as the options' faults are.
        (Array.isArray(json) ? (json as Fault[]) : [json as Fault]).forEach((f) => faults.add(f));
        return reply(200, { ok: true });
      }
      if (path === '/__control/faults' && req.method === 'DELETE') return (faults.clear(), reply(200, { ok: true }));
      if (path === '/__control/faults' && req.method === 'GET') return reply(200, faults.pending());
      if (path === '/__control/settings' && req.method === 'POST') {
        const update = (typeof json === 'object' && json !== null ? json : {}) as {
          credentialLifetimeSeconds?: number | null;
          cors?: BucketCors;
        };
        if ('credentialLifetimeSeconds' in update) settings.credentialLifetimeSeconds = update.credentialLifetimeSeconds ?? undefined;
        if ('cors' in update && update.cors) settings.cors = update.cors;
        return reply(200, { credentialLifetimeSeconds: settings.credentialLifetimeSeconds ?? null, cors: settings.cors });
      }
      if (path === '/__control/log') return reply(200, log.entries);
      reply(404, { error: `unknown control ${req.method} ${path}` });
    } catch (e) {
      reply(400, { error: (e as Error).message });
    }
  });
  return true;
}
