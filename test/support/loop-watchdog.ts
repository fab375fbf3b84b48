import { Worker } from 'node:worker_threads';

/**
 * Turns a blocked event loop into a named failure. A timer cannot do that: while JavaScript runs
 * without yielding (a backtracking pattern, a loop), no timer of this thread fires, vitest's test
 * timeout included, and a suite that answers requests in-process simply hangs. So a worker thread
 * watches a heartbeat this thread writes every second; when it has not moved for `limitMs`, the
 * worker writes what this thread said it was doing (`doing`) to stderr and ends the process, which
 * vitest reports as a failed file.
 */
export interface LoopWatchdog {
  /** What is in progress, printed if the loop stops: keep it short and current. */
  doing(text: string): void;
  stop(): Promise<void>;
}

const TEXT_BYTES = 16_384;

// Plain JavaScript: a worker does not go through vitest's TypeScript transform.
const WATCHER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beat = new Float64Array(workerData.shared, 0, 1);
const length = new Int32Array(workerData.shared, 8, 1);
const text = new Uint8Array(workerData.shared, 12);
setInterval(() => {
  const silent = Date.now() - beat[0];
  if (silent < workerData.limitMs) return;
  const doing = Buffer.from(text.slice(0, Atomics.load(length, 0))).toString('utf8');
  writeSync(2, '\\n' + workerData.name + ': the event loop has been blocked for ' + Math.round(silent / 1000) +
    ' s; in progress:\\n' + doing + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

export function watchLoop(name: string, limitMs: number): LoopWatchdog {
  const shared = new SharedArrayBuffer(12 + TEXT_BYTES);
  const beat = new Float64Array(shared, 0, 1);
  const length = new Int32Array(shared, 8, 1);
  const text = new Uint8Array(shared, 12);
  beat[0] = Date.now();
  const heartbeat = setInterval(() => (beat[0] = Date.now()), 1_000);
  heartbeat.unref();
  const worker = new Worker(WATCHER, { eval: true, workerData: { shared, limitMs, name } });
  worker.unref();
  return {
    doing(value) {
      const { written } = new TextEncoder().encodeInto(value, text);
      Atomics.store(length, 0, written);
    },
    async stop() {
      clearInterval(heartbeat);
      await worker.terminate();
    },
  };
}
