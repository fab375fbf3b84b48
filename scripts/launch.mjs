// Embedded mode's composition root: ONE process serving the workbench, the HTTP API and the jobs,
// on one PGlite database. It loads each app's built entry; neither app imports the other.
// Run by `npm start` (after install and build); can also be run directly: `node scripts/launch.mjs`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './tools.mjs';

process.chdir(ROOT);
const load = (path) => import(pathToFileURL(join(ROOT, path)).href);

const worker = await load('apps/worker/dist/embedded.js');
const core = await load('packages/core/dist/index.js');
const dbPackage = await load('packages/db/dist/index.js');

// The session secret for embedded mode is generated once and kept beside the data (owner-only),
// so sign-ins survive a restart. The capture secrets (pseudonyms, sealed identities) have their
// own home, `captureSecrets`, which the worker uses too. Production mode requires all three set.
function embeddedAuthSecret(dataDir) {
  const file = join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).AUTH_SECRET;
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ AUTH_SECRET: secret }, null, 2), { mode: 0o600 });
  return secret;
}

const preliminary = worker.loadConfigOrExit(process.env);
if (preliminary.mode !== 'embedded') {
  process.stderr.write(
    'scripts/launch.mjs runs embedded mode only; with DATABASE_URL and REDIS_URL use npm start.\n',
  );
  process.exit(1);
}
const dataDir = worker.dataDirectory(preliminary);
process.env.AUTH_SECRET ??= embeddedAuthSecret(dataDir);
const capture = worker.captureSecrets({ ...preliminary, COUNTERPOINT_DATA_DIR: dataDir });
process.env.PSEUDONYM_SECRET ??= capture.pseudonymSecret;
process.env.IDENTITY_KEY ??= Buffer.from(capture.identityKey.key).toString('base64');
process.env.ORIGIN ??= preliminary.origin;
// adapter-node reads these when its handler is loaded.
process.env.PORT = String(preliminary.PORT);
const config = worker.loadConfigOrExit(process.env);
const logger = worker.createLogger({ level: config.LOG_LEVEL, name: 'counterpoint' });

let database;
try {
  database = await worker.openConfiguredDatabase(config);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const started = performance.now();
await database.migrate();
await dbPackage.ensureReferenceData(database.db);
const demo = await dbPackage.seedDemo(database.db);
dbPackage.provideSharedDatabase(database);
logger.info({ ms: Math.round(performance.now() - started), demoCreated: demo.created }, 'database ready');

const embedded = await worker.startEmbedded({ config, logger, db: database.db });
const { handler: webHandler } = await load('apps/web/build/handler.js');

// The API's paths go to Hono; everything else (including better-auth under /api/auth) to SvelteKit.
const API = /^\/(api\/v1(\/|$)|health$|metrics$)/;
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0].slice(1);
  if (API.test(`/${path}`)) {
    embedded.listener(req, res).catch((error) => {
      logger.error({ err: error }, 'API request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
    return;
  }
  webHandler(req, res, () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  });
});

server.listen(config.PORT, config.HOST, () => {
  const lines = [
    '',
    `  Counterpoint is running (embedded mode, data in ${dataDir})`,
    '',
    `  Open ${config.origin}`,
    '',
    '  Demo sign-ins (fictional Elmshire County workspace):',
    ...demo.users.map(
      (u) => `    ${core.ROLE_LABELS[u.role].padEnd(26)} ${u.email.padEnd(36)} ${u.password}`,
    ),
    '',
    '  Demo posts arrive over the next few minutes. Press Ctrl-C to stop; your data is kept.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(() => resolve()));
  await embedded.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
