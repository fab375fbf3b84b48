import { defineConfig } from 'vitest/config';

// One run over every package: each project has its own config beside its code.
export default defineConfig({
  test: {
    projects: ['packages/core', 'packages/db', 'apps/worker', 'apps/web', 'test'],
  },
});
