import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  /**
   * The worker logs JSON to stdout (collected by the platform). The CLI logs to stderr so that its
   * stdout carries only the command's output and can be piped.
   */
  destination?: 'stdout' | 'stderr';
  name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination === 'stderr' ? 2 : 1;
  return pino(
    {
      level: options.level,
      name: options.name ?? 'counterpoint',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets must never reach the logs, even when a config object or request is logged whole.
      redact: {
        paths: [
          '*.password',
          '*.DATABASE_URL',
          '*.REDIS_URL',
          '*.AUTH_SECRET',
          '*.PSEUDONYM_SECRET',
          '*.IDENTITY_KEY',
          '*.SMTP_URL',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd, sync: fd === 2 }),
  );
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
