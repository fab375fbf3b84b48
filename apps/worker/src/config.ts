import { isDomainError, parseConfig, type Config } from '@counterpoint/core';

/**
 * Parses the configuration once for the process. A bad configuration is reported variable by
 * variable (parseConfig lists them all) and stops the process with exit code 1, before anything
 * has been opened.
 */
export function loadConfigOrExit(
  env: Record<string, string | undefined> = process.env,
  write: (text: string) => void = (t) => process.stderr.write(t),
): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    write(`${isDomainError(err) ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
