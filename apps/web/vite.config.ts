import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // Keep workspace packages out of the server bundle (STACK.md trap 3): they are loaded from
  // node_modules at run time, with their migrations folder beside them.
  ssr: { external: ['@counterpoint/core', '@counterpoint/db'] },
  test: { name: 'web', include: ['src/**/*.test.ts'] },
});
