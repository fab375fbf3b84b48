import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    csrf: { trustedOrigins: [] },
    // Absolute asset paths: the permission hook serves the refusal page at the refused address,
    // which may sit at any depth.
    paths: { relative: false },
  },
};

export default config;
