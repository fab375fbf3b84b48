// `npm start`: install what is missing, build, then run Counterpoint.
// With neither DATABASE_URL nor REDIS_URL set it runs embedded: one process serving the workbench
// and the HTTP API and running the jobs on PGlite, with a demo workspace on first run.
// With both set it runs production-style: one worker process, and the web app as WEB_PROCESSES
// processes sharing its port (scripts/serve-web.mjs; by default one less than the cores, at least 1).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureDependencies, log, ROOT, run } from './tools.mjs';

ensureDependencies();
build();

const production = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const children = [];

function launch(label, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    log(`${label} stopped (${signal ?? `exit ${code}`})`);
    // One part stopping on its own stops the rest: a half-running system is worse than none.
    for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? 0);
  });
  return child;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  });
}

if (production) {
  log('production mode: PostgreSQL and Redis from DATABASE_URL / REDIS_URL');
  run(process.execPath, [join(ROOT, 'apps/worker/dist/cli/main.js'), 'migrate']);
  launch('worker', [join(ROOT, 'apps/worker/dist/main.js')]);
  launch('web', [join(ROOT, 'scripts/serve-web.mjs')]);
} else {
  launch('Counterpoint', [join(ROOT, 'scripts/launch.mjs')]);
}
