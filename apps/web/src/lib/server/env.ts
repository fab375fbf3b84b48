import { parseConfig, type Config } from '@counterpoint/core';

/**
 * Configuration is parsed once per process, on first use rather than at import, so that building
 * the app (which imports every module) does not need a deployment's environment.
 */
let parsed: Config | undefined;

export function config(): Config {
  parsed ??= parseConfig(process.env);
  return parsed;
}
