// The demo app: a Vite + React SPA that uses the kit through its public entry points (mapped to
// the sources, so edits show at once). The runtime settings come from /config.json (the local
// stack) or from VITE_* variables (real AWS).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url));

// The e2e suite's build (e2e/global-setup.ts sets WIK_DEMO_E2E=1) carries hooks that put the
// session's getCredentials on window.__kit; every other build (npm run demo:build, which
// `npm run demo -- --prod` serves) has them compiled out. Its own folder, so neither build
// ever stands in for the other.
const e2e = process.env.WIK_DEMO_E2E === '1';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^web-identity-kit\/react$/, replacement: src('react.ts') },
      { find: /^web-identity-kit\/(sts|credentials|oidc|s3|testing)$/, replacement: src('$1/index.ts') },
      { find: /^web-identity-kit$/, replacement: src('index.ts') },
    ],
  },
  define: { __WIK_E2E_HOOKS__: JSON.stringify(e2e) },
  build: { outDir: e2e ? 'dist-e2e' : 'dist', emptyOutDir: true, sourcemap: true },
});
