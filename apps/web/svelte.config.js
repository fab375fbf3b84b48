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
    // No inline or third-party script runs: SvelteKit adds a nonce (or a hash, for prerendered
    // pages) to its own bootstrap script. Styles allow inline attributes, which Svelte components
    // use for computed widths and positions; they cannot run code. Attached media are images from
    // the public web, shown blurred, so images may come from any https origin.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
