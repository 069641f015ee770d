import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // The fuzz suites run tens of thousands of cases; give them room on a 2-core machine.
    testTimeout: 60_000,
  },
});
