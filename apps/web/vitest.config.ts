import { defineProject } from 'vitest/config';

// The web app's unit tests cover server-side logic only (permission table, guard), so they run
// without the SvelteKit plugin, which insists on the current directory being the app's.
export default defineProject({
  test: { name: 'web', include: ['src/**/*.test.ts'] },
});
