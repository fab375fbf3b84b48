// `npm test`: install, build, provide PostgreSQL and Redis, run every package's tests, stop what
// was started, and close with `Tests: N passed, N failed`. Exits non-zero when a test failed or
// none ran (CI reads that line; vitest's own summary is not one it knows).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall, provideServices } from './services.mjs';
import { build, ensureDependencies, log, ROOT } from './tools.mjs';

const extraArgs = process.argv.slice(2);

ensureDependencies();
build();
if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH)
  aptInstall(['chromium'], 'Chromium for the browser tests');

const services = await provideServices();
const outDir = mkdtempSync(join(tmpdir(), 'counterpoint-test-'));
const report = join(outDir, 'vitest.json');
let stopping = false;
const cleanup = () => {
  if (stopping) return;
  stopping = true;
  services.stop();
  rmSync(outDir, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const env = {
  ...process.env,
  TEST_DATABASE_URL: services.databaseUrl,
  TEST_REDIS_URL: services.redisUrl,
  // The tests choose their own mode per case; an inherited production setting must not leak in.
  DATABASE_URL: '',
  REDIS_URL: '',
  NODE_ENV: 'test',
  DOTENV_CONFIG_QUIET: 'true',
};

const code = await new Promise((resolve) => {
  const child = spawn(
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extraArgs,
    ],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
});

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
  // A file that failed to load has no tests to count but is still a failure.
  for (const file of result.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++;
  }
} catch {
  log('the test runner wrote no report');
  failed = Math.max(failed, 1);
}
cleanup();
const ok = code === 0 && failed === 0 && passed > 0;
if (passed === 0) log('no test ran');
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed\n`);
process.exit(ok ? 0 : 1);
