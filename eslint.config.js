// ESLint (flat config): typescript-eslint with type information over every TypeScript file, the
// React hooks rules over the React layer and the demo, and the recommended JavaScript rules over
// the scripts. Formatting is Prettier's job (npm run format:check), so no stylistic rules here.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'demo/dist/',
      'demo/dist-e2e/',
      'docs/',
      'coverage/',
      'e2e/artifacts/',
      'examples/**/dist/',
      'examples/**/.next/',
      'examples/**/next-env.d.ts',
      '**/node_modules/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/hooks/**', 'src/components/**', 'demo/src/**', 'test/react/**', 'examples/**'],
    extends: [reactHooks.configs.flat['recommended-latest']],
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
