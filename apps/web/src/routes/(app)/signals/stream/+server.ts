import { countNewerSignals } from '@counterpoint/db';
import { database } from '$lib/server/db.js';
import type { RequestHandler } from './$types';

const POLL_MS = 5000;
const MAX_MS = 30 * 60_000;

/**
 * Server-sent events for the queue's "N new" counter: every few seconds, the number of `new`
 * signals raised after the newest one the page had (ids are time-sortable). One cheap indexed count
 * per open queue tab; the browser reconnects by itself if the stream ends (after 30 minutes, so an
 * idle tab does not hold a connection for ever). Guarded by signals:view in routes.ts.
 */
export const GET: RequestHandler = async ({ url, request }) => {
  const after = url.searchParams.get('after');
  const db = await database();
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = -1;
  const started = Date.now();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const stop = () => {
        if (timer) clearInterval(timer);
        timer = undefined;
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const tick = async () => {
        try {
          const n = await countNewerSignals(db, after);
          if (n !== last) controller.enqueue(encoder.encode(`event: count\ndata: ${n}\n\n`));
          else controller.enqueue(encoder.encode(`: keep-alive\n\n`));
          last = n;
          if (Date.now() - started > MAX_MS) stop();
        } catch {
          stop();
        }
      };
      controller.enqueue(encoder.encode(`retry: 10000\n\n`));
      void tick();
      timer = setInterval(() => void tick(), POLL_MS);
      request.signal.addEventListener('abort', stop);
    },
    cancel() {
      if (timer) clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
};
