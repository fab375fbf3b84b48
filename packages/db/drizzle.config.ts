import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads the compiled schema: the sources use NodeNext `.js` import specifiers that its
// loader cannot resolve. Run `pnpm build` first (`pnpm generate` does both).
export default defineConfig({
  dialect: 'postgresql',
  schema: './dist/schema/index.js',
  out: './migrations',
  casing: undefined,
});
