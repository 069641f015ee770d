// `npm run demo`: the local stack and the demo app, one URL printed, everything stopped on Ctrl-C.
// With VITE_OIDC_AUTHORITY (and the other VITE_* variables) set, the app runs against real AWS
// and no stack is started. `npm run demo -- --prod` builds the app for production (never with the
// e2e hooks) and serves that build under a strict CSP.
import { fileURLToPath } from 'node:url';
import { build, createServer as createVite } from 'vite';
import { listenApp, serveApp } from './serve-app';
import { stopOnSignals } from '../stack/shutdown';
import { startLocalStack, type LocalStack } from '../stack/stack';

const prod = process.argv.includes('--prod');
const port = Number(process.env.PORT ?? 5173);
const realAws = !!process.env.VITE_OIDC_AUTHORITY;

// First, so Ctrl-C during startup still stops what was started and removes the stack's temp folder.
const shutdown = stopOnSignals();
let stack: LocalStack | undefined;
let stopApp: () => Promise<void>;
let url: string;

const viteConfig = fileURLToPath(new URL('./vite.config.ts', import.meta.url));

if (prod) {
  // Built now, so what is served is these sources and never a build left by an older e2e setup
  // (which put window.__kit, with getCredentials, in demo/dist).
  delete process.env.WIK_DEMO_E2E;
  await build({ configFile: viteConfig, mode: 'production', logLevel: 'warn' });
  const app = await listenApp(port).catch(() => listenApp(0));
  stack = stopsWithUs(await startLocalStack({ redirectUris: [`${app.url}/`] }));
  const served = serveApp(app.server, configOf(stack), [stack.issuer, stack.sts, stack.s3]);
  url = served.url;
  stopApp = served.close;
} else {
  // Vite picks the next free port if ours is taken; the stack must know the final origin, so
  // the port is found first and Vite is told to use exactly it.
  const probe = await listenApp(port).catch(() => listenApp(0));
  const appPort = probe.port;
  await new Promise<void>((r) => probe.server.close(() => r()));
  const origin = `http://127.0.0.1:${appPort}`;
  if (!realAws) stack = stopsWithUs(await startLocalStack({ redirectUris: [`${origin}/`, `http://localhost:${appPort}/`] }));
  const vite = await createVite({
    configFile: viteConfig,
    server: { host: '127.0.0.1', port: appPort, strictPort: true },
    plugins: stack
      ? [
          {
            name: 'demo-config',
            configureServer(server) {
              server.middlewares.use('/config.json', (_req, res) => {
                res.setHeader('content-type', 'application/json');
                res.end(JSON.stringify(configOf(stack!)));
              });
            },
          },
        ]
      : [],
  });
  await vite.listen();
  url = `${origin}/`;
  stopApp = () => vite.close();
}

function stopsWithUs(s: LocalStack): LocalStack {
  shutdown.add(() => s.close(), s.storageDir);
  return s;
}

function configOf(s: LocalStack) {
  return {
    authority: s.issuer,
    clientId: s.clientId,
    roleArn: s.roleArn,
    region: 'us-east-1',
    bucket: s.bucket,
    stsEndpoint: s.sts,
    s3Endpoint: s.s3,
  };
}

console.log(`\n  web-identity-kit demo: ${url}\n`);
if (stack)
  console.log(
    `  local stack (sign in as demo / demo): ${JSON.stringify({ issuer: stack.issuer, sts: stack.sts, s3: stack.s3, storageDir: stack.storageDir })}\n`,
  );
else console.log('  against real AWS, as configured by the VITE_* variables\n');

shutdown.add(stopApp);
shutdown.ready();
