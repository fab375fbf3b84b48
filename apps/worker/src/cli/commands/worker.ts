import type { Command } from 'commander';
import { runWorkerUntilSignalled } from '../../worker.js';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Run a production worker (BullMQ queues and the HTTP API) until SIGTERM/SIGINT')
    .action(
      ctx.action(async () => {
        // The worker's logs are its output: JSON lines on stdout, as from `node dist/main.js`.
        const { createLogger } = await import('../../logger.js');
        const config = ctx.config();
        await runWorkerUntilSignalled(
          config,
          createLogger({ level: config.LOG_LEVEL, destination: 'stdout', name: 'worker' }),
        );
      }),
    );
}
