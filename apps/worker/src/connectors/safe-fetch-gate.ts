/**
 * Politeness per host: at most `concurrency` requests in flight to one host, and request starts at
 * least `spacingMs` apart. Waiters are served in arrival order.
 */
export interface HostGateOptions {
  concurrency?: number;
  spacingMs?: number;
}

interface HostState {
  active: number;
  lastStart: number;
  queue: Array<() => void>;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();
  readonly concurrency: number;
  readonly spacingMs: number;

  constructor(options: HostGateOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.spacingMs = Math.max(0, options.spacingMs ?? 1000);
  }

  /** Waits for a turn; call the returned function when the request is over. */
  async acquire(host: string): Promise<() => void> {
    const key = host.toLowerCase();
    let s = this.hosts.get(key);
    if (!s) {
      s = { active: 0, lastStart: -Infinity, queue: [] };
      this.hosts.set(key, s);
    }
    const state = s;
    if (state.active >= this.concurrency || state.queue.length > 0) {
      // The releasing request hands its slot straight to us, so `active` already counts us.
      await new Promise<void>((resolve) => state.queue.push(resolve));
    } else {
      state.active++;
    }
    const wait = state.lastStart + this.spacingMs - Date.now();
    state.lastStart = Math.max(Date.now(), state.lastStart + this.spacingMs);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // A timer can fire late on a busy machine: the next turn counts from when this one really began.
    state.lastStart = Math.max(state.lastStart, Date.now());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next) return next();
      state.active--;
      if (state.active === 0 && Date.now() - state.lastStart > this.spacingMs) this.hosts.delete(key);
    };
  }
}
