import { gaugeLines, processMetricLines } from '../../runtime/metrics.js';
import type { QueueDepth } from '../../runtime/runner.js';
import { defineRoute } from '../openapi.js';

export const metricsRoute = defineRoute({
  method: 'get',
  path: '/metrics',
  access: 'public',
  summary: 'Prometheus metrics: queue depths, job durations and failures, process figures',
  tags: ['operations'],
  responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain' } },
  async handler(c, _input, { runner, metrics }) {
    let depths: Record<string, QueueDepth> = {};
    let up = 1;
    try {
      depths = await runner.depths();
    } catch {
      up = 0;
    }
    const samples = Object.entries(depths).flatMap(([queue, d]) =>
      (Object.entries(d) as [string, number][]).map(([state, value]) => ({
        labels: { queue, state },
        value,
      })),
    );
    const lines = [
      ...gaugeLines('counterpoint_queue_jobs', 'Jobs per queue and state.', samples),
      ...gaugeLines('counterpoint_queue_backend_up', 'Whether the queue backend answered this scrape.', [
        { labels: { runner: runner.kind }, value: up },
      ]),
      ...metrics.render(),
      ...processMetricLines(),
    ];
    return c.text(`${lines.join('\n')}\n`, 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  },
});
