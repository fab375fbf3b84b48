// Production web server: the built web app (adapter-node's build/index.js) in WEB_PROCESSES
// processes sharing one port through node:cluster, so every core renders pages. One Node process
// renders on one core, and server-side rendering is CPU work: at 8.5 ms of CPU per queue page one
// process tops out near a hundred pages a second (docs/performance.md, Workbench).
//
//   node scripts/serve-web.mjs [path/to/build/index.js]
//
// WEB_PROCESSES defaults to one less than the number of cores, at least 1: PostgreSQL and the
// workers need a core too, and on a quiet 2-core machine one web process served the queue page
// faster than two (133 against 114 pages/s, docs/performance.md). With 1 the app runs in this process,
// as `node apps/web/build/index.js` would. Otherwise this process only forks, passes connections
// to the web processes (the cluster module's round robin) and relays cache invalidations between
// them (apps/web/src/lib/server/cache.ts); every other variable (PORT, HOST, ORIGIN, secrets, …)
// reaches each web process unchanged. SIGTERM or SIGINT here stops every web process gracefully
// (adapter-node drains requests and closes the pool); this process exits once all are gone. A web
// process that stops on its own stops the rest, as `npm start` stops everything when one part
// stops: half a server is worse than none. If this process is killed outright, each web process
// exits when it loses its channel to it.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = resolve(
  process.argv[2] ?? fileURLToPath(new URL('../apps/web/build/index.js', import.meta.url)),
);

function processCount(raw) {
  if (raw === undefined || raw.trim() === '') return Math.max(1, availableParallelism() - 1);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`WEB_PROCESSES must be a whole number of at least 1 (got "${raw}").\n`);
    process.exit(1);
  }
  return n;
}

const count = processCount(process.env.WEB_PROCESSES);
// Web processes force-close connections after SHUTDOWN_TIMEOUT (adapter-node, 30 s by default); a
// web process still there a little after that is killed.
const forceAfterMs = (Number(process.env.SHUTDOWN_TIMEOUT ?? 30) + 10) * 1000;

if (cluster.isWorker) {
  // The channel to the primary would keep a web process alive after adapter-node's graceful
  // shutdown (on the same signals) has closed its server and pool; let go of it then, so the
  // process exits as it would alone. Not earlier: listening goes through the channel.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.channel?.unref());
  await import(pathToFileURL(entry).href);
} else if (count === 1) {
  await import(pathToFileURL(entry).href);
} else {
  const say = (line) => process.stderr.write(`serve-web: ${line}\n`);
  let stopping = false;
  let exitCode = 0;

  const stopAll = () => {
    for (const w of Object.values(cluster.workers ?? {})) if (w && !w.isDead()) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) if (w && !w.isDead()) w.process.kill('SIGKILL');
    }, forceAfterMs).unref();
  };

  // Each web process runs this file too (the branch above), with the same entry argument.
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      say(`web process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); stopping the others`);
      stopping = true;
      exitCode = 1;
      stopAll();
    }
    if (Object.values(cluster.workers ?? {}).every((w) => !w || w.isDead())) process.exit(exitCode);
  });
  // A cache entry forgotten in one web process (a sign-out, a triage decision) is forgotten in the
  // others too: the message is passed on to every other live web process.
  cluster.on('message', (from, message) => {
    if (message?.type !== 'counterpoint:forget') return;
    for (const w of Object.values(cluster.workers ?? {}))
      if (w && w !== from && !w.isDead()) w.send(message, undefined, () => {});
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      stopAll();
    });
  }
  cluster.on('fork', (worker) => {
    // A message to a process that has just died fails; its exit is handled above.
    worker.on('error', (error) => say(`web process ${worker.process.pid}: ${error.message}`));
  });
  for (let i = 0; i < count; i++) cluster.fork();
  say(`${count} web processes (WEB_PROCESSES) running ${entry}`);
}
