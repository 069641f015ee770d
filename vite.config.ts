// Library build: one ES module per public entry, dependencies left to the app's bundler
// (so they are deduplicated and tree-shaken there). Declarations come from tsc (npm run build).
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];

const reactModule = /[\\/]src[\\/](react\.ts|hooks[\\/]|components[\\/])/;
const isReactModule = (id: string | null) => id !== null && reactModule.test(id);

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: {
      formats: ['es'],
      entry: {
        index: 'src/index.ts',
        'sts/index': 'src/sts/index.ts',
        'credentials/index': 'src/credentials/index.ts',
        'oidc/index': 'src/oidc/index.ts',
        's3/index': 'src/s3/index.ts',
        react: 'src/react.ts',
        'testing/index': 'src/testing/index.ts',
      },
    },
    rollupOptions: {
      external: (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      // dist mirrors src, one module per file, so apps' bundlers drop what they do not import.
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
        // Next.js's App Router renders React modules as server components unless they say
        // otherwise; the bundler drops source directives, so every React module gets it here.
        banner: (chunk) => (isReactModule(chunk.facadeModuleId) ? "'use client';" : ''),
      },
    },
  },
});
