/**
 * robots.txt (RFC 9309): the group for our product token if there is one, else `*`; the longest
 * matching rule wins, Allow wins a tie; `*` and `$` patterns. A 4xx robots.txt means no rules; a 5xx
 * or an unreachable one means "do not fetch for now", as the RFC asks.
 */
export interface RobotsRules {
  allows(pathAndQuery: string): boolean;
}

interface Rule {
  allow: boolean;
  pattern: string;
  re: RegExp;
}

function compile(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

function normalisePath(p: string): string {
  // Compare percent-encodings case-insensitively and unreserved characters decoded, as the RFC says.
  return p.replace(/%([0-9a-fA-F]{2})/g, (m, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
  });
}

export function parseRobots(text: string, productToken: string): RobotsRules {
  const token = productToken.toLowerCase();
  const groups: Array<{ agents: string[]; rules: Rule[] }> = [];
  let current: { agents: string[]; rules: Rule[] } | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current || (key !== 'allow' && key !== 'disallow')) continue;
    if (key === 'disallow' && value === '') continue;
    const pattern = normalisePath(value);
    current.rules.push({ allow: key === 'allow', pattern, re: compile(pattern) });
  }
  const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && token.includes(a)));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  return {
    allows(pathAndQuery: string): boolean {
      const path = normalisePath(pathAndQuery || '/');
      if (path === '/robots.txt') return true;
      let best: Rule | undefined;
      for (const r of rules) {
        if (!r.re.test(path)) continue;
        if (
          !best ||
          r.pattern.length > best.pattern.length ||
          (r.pattern.length === best.pattern.length && r.allow)
        ) {
          best = r;
        }
      }
      return best ? best.allow : true;
    },
  };
}

export const ALLOW_ALL: RobotsRules = { allows: () => true };

type Entry = { rules: RobotsRules; until: number } | { error: string; until: number };

/** Robots rules per origin, kept for a day (a failure for ten minutes). */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(
    private readonly load: (origin: string) => Promise<{ status: number; body: string }>,
    private readonly productToken: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves to undefined when allowed, or a plain reason when not. */
  async check(url: URL): Promise<string | undefined> {
    const entry = await this.entry(url.origin);
    if ('error' in entry) return entry.error;
    if (entry.rules.allows(`${url.pathname}${url.search}`)) return undefined;
    return `robots.txt on ${url.host} asks automated readers not to fetch ${url.pathname}, so Counterpoint does not`;
  }

  private async entry(origin: string): Promise<Entry> {
    const cached = this.entries.get(origin);
    if (cached && cached.until > this.now()) return cached;
    let p = this.pending.get(origin);
    if (!p) {
      p = this.fetchEntry(origin).finally(() => this.pending.delete(origin));
      this.pending.set(origin, p);
    }
    const entry = await p;
    this.entries.set(origin, entry);
    return entry;
  }

  private async fetchEntry(origin: string): Promise<Entry> {
    const day = this.now() + 24 * 3600_000;
    try {
      const { status, body } = await this.load(origin);
      if (status >= 200 && status < 300) return { rules: parseRobots(body, this.productToken), until: day };
      if (status >= 400 && status < 500) return { rules: ALLOW_ALL, until: day };
      return {
        error: `robots.txt on ${new URL(origin).host} could not be read (the server answered ${status}); Counterpoint waits until it can`,
        until: this.now() + 600_000,
      };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        error: `robots.txt on ${new URL(origin).host} could not be read (${why.replace(/\.$/, '')}); Counterpoint waits until it can`,
        until: this.now() + 600_000,
      };
    }
  }
}
