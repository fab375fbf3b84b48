// Shared by `npm start` and `npm test`: make sure the pinned pnpm and the dependencies are present.
// Plain Node with no dependencies, because it runs before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

export function log(message) {
  process.stderr.write(`\x1b[2m[counterpoint]\x1b[0m ${message}\n`);
}

function pnpmVersion() {
  const r = spawnSync('pnpm', ['--version'], { encoding: 'utf8', cwd: '/' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.status !== 0) {
    log(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

export function ensurePnpm() {
  const have = pnpmVersion();
  if (have === PNPM_VERSION) return;
  // corepack cannot verify pnpm 12 signatures on this registry (STACK.md), so install it with npm.
  log(have ? `pnpm ${have} found; installing the pinned ${PNPM_VERSION}` : `installing pnpm ${PNPM_VERSION}`);
  const r = spawnSync('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' });
  if (r.status !== 0 || pnpmVersion() !== PNPM_VERSION) {
    log(`could not install pnpm ${PNPM_VERSION}. Run: npm install --global pnpm@${PNPM_VERSION}`);
    process.exit(1);
  }
}

export function ensureDependencies() {
  ensurePnpm();
  const marker = join(ROOT, 'node_modules', '.modules.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && process.env.CI !== 'true') {
    // A quick, offline check: pnpm does nothing when the lockfile and node_modules agree.
    run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
    return;
  }
  log('installing dependencies');
  run('pnpm', ['install', '--frozen-lockfile', ...(existsSync(lock) ? [] : [])]);
}

export function build() {
  log('building');
  run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

export function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
