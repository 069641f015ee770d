// Builds the demo once for the whole e2e run: the tests serve that production build.
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('npx', ['vite', 'build', '--config', 'demo/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
