import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * SvelteKit gives every server-rendered page an ETag: a djb2 hash of the whole HTML in JavaScript,
 * about a tenth of the web process's CPU for a 90 KB queue page (docs/performance.md, Workbench).
 * Here every such page carries a fresh CSP nonce (svelte.config.js), so its ETag never matches a
 * later request and the 304 it exists for never happens. This skips the hash when the page's
 * scripts carry a nonce, in the copy of SvelteKit bundled into the server build; a page without one
 * (prerendered, hash-based CSP) keeps its ETag. If SvelteKit's code changes shape the build fails
 * here rather than silently keeping the cost.
 */
function noNonceEtag(): Plugin {
  const file = /\/@sveltejs\/kit\/src\/runtime\/server\/page\/render\.js$/;
  const guard = /if \(!chunks\) \{(\s*headers\.set\('etag')/;
  return {
    name: 'counterpoint:no-etag-on-nonce-pages',
    apply: 'build',
    transform(code, id) {
      if (!file.test(id)) return null;
      if (!guard.test(code))
        this.error(`SvelteKit's page ETag code changed shape (${id}): review vite.config.ts`);
      return { code: code.replace(guard, 'if (!chunks && !csp.script_needs_nonce) {$1'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [noNonceEtag(), sveltekit()],
  // Keep workspace packages out of the server bundle (STACK.md trap 3): they are loaded from
  // node_modules at run time, with their migrations folder beside them.
  ssr: { external: ['@counterpoint/core', '@counterpoint/db'] },
  test: { name: 'web', include: ['src/**/*.test.ts'] },
});
