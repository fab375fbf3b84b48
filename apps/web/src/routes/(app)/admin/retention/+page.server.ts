import {
  isDomainError,
  RETENTION_CLASS_INFO,
  RETENTION_TREND_WINDOW_DAYS,
  REMOVABLE_CLASSES,
  retentionProgress,
  totalOf,
} from '@counterpoint/core';
import {
  abandonQueuedRun,
  currentRetentionPlan,
  listRetentionPolicies,
  listRetentionRuns,
  previewRetention,
  queueRetentionRun,
  recordDryRun,
  updateRetentionPolicies,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { jobPort } from '$lib/server/jobs.js';
import type { Actions, PageServerLoad } from './$types';

const RUNS_SHOWN = 8;

function actorOf(locals: App.Locals) {
  const user = locals.user!;
  return { id: user.id, label: user.email };
}

export const load: PageServerLoad = async () => {
  const db = await database();
  const [policies, runs] = await Promise.all([listRetentionPolicies(db), listRetentionRuns(db, RUNS_SHOWN)]);
  const plan = await currentRetentionPlan(db, new Date(), RETENTION_TREND_WINDOW_DAYS);
  return {
    title: 'Retention',
    today: plan.today,
    trendWindowDays: RETENTION_TREND_WINDOW_DAYS,
    classes: REMOVABLE_CLASSES.map((c) => ({ key: c, label: RETENTION_CLASS_INFO[c].label })),
    policies: policies.map((p) => {
      const info = RETENTION_CLASS_INFO[p.dataClass];
      return {
        dataClass: p.dataClass,
        days: p.days,
        label: info.label,
        effect: info.effect,
        clock: info.clock,
        optional: info.optional,
        editable: info.editable,
        minDays: info.minDays,
        maxDays: info.maxDays,
        cutoff: p.dataClass === 'audit_log' ? null : plan.cutoffs[p.dataClass],
        updatedAt: p.stored && p.updatedByName ? p.updatedAt : null,
        updatedByName: p.updatedByName,
      };
    }),
    runs: runs.map((r) => ({
      id: r.id,
      dryRun: r.dryRun,
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      counts: r.counts,
      total: totalOf(r.counts),
      planned: r.planned ? totalOf(r.planned) : null,
      progress: Math.round(retentionProgress(r.planned, r.counts) * 100),
      error: r.error,
      byName: r.byName ?? 'Scheduled run',
    })),
  };
};

export const actions: Actions = {
  // retention:manage, checked by the hook from routes.ts.
  savePolicies: async ({ request, locals }) => {
    const form = await request.formData();
    const submitted: Record<string, string> = {};
    for (const c of REMOVABLE_CLASSES) {
      const v = form.get(`days_${c}`);
      if (typeof v === 'string') submitted[c] = v;
    }
    try {
      const changed = await updateRetentionPolicies(await database(), actorOf(locals), submitted);
      return {
        policies: {
          ok: true,
          message:
            changed.length === 0
              ? 'Nothing changed.'
              : `Saved: ${changed.map((c) => RETENTION_CLASS_INFO[c].label.toLowerCase()).join(', ')}. The change is in the audit trail and applies from the next run.`,
        },
      };
    } catch (e) {
      if (isDomainError(e)) return fail(400, { policies: { ok: false, message: e.message }, submitted });
      throw e;
    }
  },

  dryRun: async ({ request, locals }) => {
    // The form carries nothing, but the body is read so the connection is not cut mid-upload.
    await request.formData().catch(() => null);
    const db = await database();
    const plan = await currentRetentionPlan(db, new Date(), RETENTION_TREND_WINDOW_DAYS);
    const preview = await previewRetention(db, plan, 5);
    const runId = await recordDryRun(db, actorOf(locals), preview);
    return {
      dryRun: {
        runId,
        today: plan.today,
        total: totalOf(preview.counts),
        rows: REMOVABLE_CLASSES.map((c) => ({
          key: c,
          label: RETENTION_CLASS_INFO[c].label,
          count: preview.counts[c],
          cutoff: plan.cutoffs[c],
          held: c === 'signals_dismissed' || c === 'signals_escalated' ? preview.held[c] : 0,
          samples: preview.samples[c],
        })),
      },
    };
  },

  run: async ({ request, locals }) => {
    const form = await request.formData();
    if (form.get('confirm') !== 'yes')
      return fail(400, {
        run: { ok: false, message: 'Tick the box to confirm: a real run deletes data and cannot be undone.' },
      });
    const db = await database();
    let runId: string;
    try {
      runId = await queueRetentionRun(db, actorOf(locals));
    } catch (e) {
      if (isDomainError(e)) return fail(409, { run: { ok: false, message: e.message } });
      throw e;
    }
    try {
      await jobPort().enqueue('retention-run', { runId }, { jobId: `retention-${runId}` });
    } catch (e) {
      console.error('Enqueueing retention failed', e);
      await abandonQueuedRun(db, runId, 'The job queue could not be reached; nothing was deleted.');
      return fail(503, {
        run: {
          ok: false,
          message: 'The job queue could not be reached. Nothing was deleted; try again shortly.',
        },
      });
    }
    return { run: { ok: true, message: 'The retention run has started; its progress is shown below.' } };
  },
};
