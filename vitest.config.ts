import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['yuanqu-source'] },
  ssr: { resolve: { conditions: ['yuanqu-source'] } },
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
