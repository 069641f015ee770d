// The demo app: a Vite + React SPA that uses the kit through its public entry points (mapped to
// the sources, so edits show at once). The runtime settings come from /config.json (the local
// stack) or from VITE_* variables (real AWS).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url));

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
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
