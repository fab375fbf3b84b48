import { fileURLToPath } from 'node:url';

/**
 * The repository root, from this file's place (apps/worker/src or apps/worker/dist), so that the
 * embedded data directory is the same wherever a command is run from.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
