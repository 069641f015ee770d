// Builds the demo once for the whole e2e run: the tests serve that production build, made with
// WIK_DEMO_E2E=1 so it has the window.__kit hooks, into demo/dist-e2e (not demo/dist, which
// `npm run demo -- --prod` serves and must never have them).
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('npx', ['vite', 'build', '--config', 'demo/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', WIK_DEMO_E2E: '1' },
  });
}
