/**
 * A small Prometheus registry: the few metrics the worker exports do not justify a dependency.
 * Counts are per process; queue depths are read from the runner at scrape time.
 */
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

function labelString(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

export class JobMetrics {
  private readonly durations = new Map<string, { labels: Record<string, string>; h: Histogram }>();
  private readonly failures = new Map<string, { labels: Record<string, string>; n: number }>();
  private readonly completed = new Map<string, { labels: Record<string, string>; n: number }>();

  recordRun(job: string, queue: string, seconds: number, outcome: 'completed' | 'failed'): void {
    const labels = { job, queue, outcome };
    const key = `${job}|${queue}|${outcome}`;
    let entry = this.durations.get(key);
    if (!entry) {
      entry = { labels, h: { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 } };
      this.durations.set(key, entry);
    }
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) entry.h.buckets[i]!++;
    });
    entry.h.sum += seconds;
    entry.h.count++;
    const counters = outcome === 'failed' ? this.failures : this.completed;
    const ckey = `${job}|${queue}`;
    const c = counters.get(ckey) ?? { labels: { job, queue }, n: 0 };
    c.n++;
    counters.set(ckey, c);
  }

  failureCount(job: string): number {
    let n = 0;
    for (const c of this.failures.values()) if (c.labels.job === job) n += c.n;
    return n;
  }

  render(): string[] {
    const out: string[] = [];
    out.push('# HELP counterpoint_job_duration_seconds Time spent running job attempts.');
    out.push('# TYPE counterpoint_job_duration_seconds histogram');
    for (const { labels, h } of this.durations.values()) {
      BUCKETS.forEach((b, i) =>
        out.push(
          `counterpoint_job_duration_seconds_bucket${labelString({ ...labels, le: String(b) })} ${h.buckets[i]}`,
        ),
      );
      out.push(
        `counterpoint_job_duration_seconds_bucket${labelString({ ...labels, le: '+Inf' })} ${h.count}`,
      );
      out.push(`counterpoint_job_duration_seconds_sum${labelString(labels)} ${h.sum}`);
      out.push(`counterpoint_job_duration_seconds_count${labelString(labels)} ${h.count}`);
    }
    out.push('# HELP counterpoint_job_failures_total Failed job attempts (each retry counts).');
    out.push('# TYPE counterpoint_job_failures_total counter');
    for (const { labels, n } of this.failures.values())
      out.push(`counterpoint_job_failures_total${labelString(labels)} ${n}`);
    out.push('# HELP counterpoint_jobs_completed_total Completed jobs.');
    out.push('# TYPE counterpoint_jobs_completed_total counter');
    for (const { labels, n } of this.completed.values())
      out.push(`counterpoint_jobs_completed_total${labelString(labels)} ${n}`);
    return out;
  }
}

export function gaugeLines(
  name: string,
  help: string,
  samples: { labels: Record<string, string>; value: number }[],
): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    ...samples.map((s) => `${name}${labelString(s.labels)} ${s.value}`),
  ];
}

const started = Date.now() / 1000;

export function processMetricLines(): string[] {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return [
    '# HELP process_cpu_seconds_total User and system CPU time spent.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
    '# HELP process_resident_memory_bytes Resident memory size.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${mem.rss}`,
    '# HELP nodejs_heap_used_bytes V8 heap in use.',
    '# TYPE nodejs_heap_used_bytes gauge',
    `nodejs_heap_used_bytes ${mem.heapUsed}`,
    '# HELP process_start_time_seconds Start time of the process since the Unix epoch.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${started}`,
  ];
}
