#!/usr/bin/env node
import { runCli } from './run.js';

// `pnpm counterpoint <command>`: stdout carries only the command's output; messages go to stderr.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
// Let stdout drain before exiting (piped output would otherwise be cut).
process.stdout.write('', () => process.exit(code));
