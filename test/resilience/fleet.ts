import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/services.mjs';

/**
 * Real worker processes (`node apps/worker/dist/main.js`, production mode) under a test's control:
 * started, SIGKILLed, watched. Their JSON logs are read line by line so a test can see every job
 * each process completed or retried; a process that exits without being killed by the test makes
 * `alive()` throw at once with its last log lines, instead of the test waiting out its timeout.
 */
export const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/dist/main.js', import.meta.url));

export interface JobEvent {
  worker: string;
  event: 'completed' | 'retrying' | 'failed';
  jobId: string;
  job: string;
  attempt: number;
  error?: string;
}

interface Running {
  child: ChildProcess;
  apiPort: number;
  exited: Promise<void>;
}

const EVENTS: Record<string, JobEvent['event']> = {
  'job completed': 'completed',
  'job attempt failed; will retry': 'retrying',
  'job failed': 'failed',
};

const everyFleet = new Set<WorkerFleet>();
// A test runner that dies must not leave worker processes behind on a shared machine.
process.once('exit', () => {
  for (const fleet of everyFleet) fleet.killAllNow();
});

export class WorkerFleet {
  readonly events: JobEvent[] = [];
  /** How many times each log message was written, across all workers. */
  readonly messages = new Map<string, number>();
  private readonly running = new Map<string, Running>();
  private readonly killedByTest = new Set<ChildProcess>();
  private readonly tail: string[] = [];
  private death: string | undefined;

  constructor(private readonly env: Record<string, string>) {
    everyFleet.add(this);
  }

  /** Starts a worker and resolves once it has logged that it started (or throws why not). */
  async start(name: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
    if (this.running.has(name)) throw new Error(`a worker called ${name} is already running`);
    const apiPort = await freePort();
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...this.env, API_PORT: String(apiPort), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ready: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (ready = resolve));
    const read = (line: string) => {
      this.tail.push(`[${name}] ${line}`);
      if (this.tail.length > 300) this.tail.shift();
      if (!line.startsWith('{')) return;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (entry.msg === 'worker started') ready();
      const msg = String(entry.msg);
      this.messages.set(msg, (this.messages.get(msg) ?? 0) + 1);
      const event = EVENTS[String(entry.msg)];
      if (event && typeof entry.jobId === 'string') {
        this.events.push({
          worker: name,
          event,
          jobId: entry.jobId,
          job: String(entry.job),
          attempt: Number(entry.attempt),
          ...(typeof entry.err === 'string' ? { error: entry.err } : {}),
        });
      }
    };
    createInterface({ input: child.stdout }).on('line', read);
    createInterface({ input: child.stderr }).on('line', read);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.killedByTest.has(child))
          this.death ??= `worker ${name} exited (${code ?? signal}):\n${this.logs(15)}`;
        resolve();
      }),
    );
    this.running.set(name, { child, apiPort, exited });
    await Promise.race([
      started,
      exited.then(() => {
        throw new Error(this.death ?? `worker ${name} exited before it started`);
      }),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`worker ${name} did not start within 60 s:\n${this.logs()}`)),
          60_000,
        ),
      ),
    ]);
    return child;
  }

  /** SIGKILL, as the kernel's OOM killer or a pulled plug would: no shutdown code runs. */
  async kill(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) throw new Error(`no worker called ${name}`);
    this.killedByTest.add(r.child);
    r.child.kill('SIGKILL');
    await r.exited;
    this.running.delete(name);
  }

  /** Throws when a worker ended without the test killing it. */
  alive(): void {
    if (this.death) throw new Error(this.death);
  }

  isRunning(name: string): boolean {
    const r = this.running.get(name);
    return Boolean(r && r.child.exitCode === null && r.child.signalCode === null);
  }

  apiPort(name: string): number {
    const r = this.running.get(name);
    if (!r) throw new Error(`no worker called ${name}`);
    return r.apiPort;
  }

  /** Resident memory of a running worker, from /proc (Linux), in bytes. */
  rss(name: string): number {
    const pid = this.running.get(name)?.child.pid;
    if (!pid) throw new Error(`no worker called ${name}`);
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  }

  logs(lines = 40): string {
    return this.tail.slice(-lines).join('\n');
  }

  completed(job: string): JobEvent[] {
    return this.events.filter((e) => e.event === 'completed' && e.job === job);
  }

  killAllNow(): void {
    for (const { child } of this.running.values()) {
      this.killedByTest.add(child);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  async stopAll(): Promise<void> {
    const names = [...this.running.keys()];
    for (const name of names) await this.kill(name);
    everyFleet.delete(this);
  }
}
