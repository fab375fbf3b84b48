import { can, isDomainError } from '@counterpoint/core';
import {
  activateModel,
  createRetrainRun,
  labelsSince,
  listModels,
  pendingRetrainRun,
  recentRetrainRuns,
  trainingDataCounts,
  updateRetrainRun,
  MIN_TRAINING_EXAMPLES,
  type ModelListing,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/db.js';
import { jobPort } from '$lib/server/jobs.js';
import type { Actions, PageServerLoad } from './$types';

function text(form: FormData, key: string, fallback: string): string {
  const v = form.get(key);
  return typeof v === 'string' ? v : fallback;
}

interface ClassMetric {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

function view(m: ModelListing) {
  const metrics = m.metrics as {
    n?: number;
    accuracy?: number;
    macroF1?: number;
    weightedF1?: number;
    perClass?: Record<string, ClassMetric>;
    trainSeconds?: number;
  };
  const td = m.trainingData as {
    examples?: number;
    labelCounts?: Record<string, number>;
    sources?: Record<string, number>;
    from?: string | null;
    to?: string | null;
    description?: string;
  };
  return {
    id: m.id,
    version: m.version,
    status: m.status,
    trainedAt: m.trainedAt,
    trainedBy: m.trainedByName,
    trainedById: m.trainedBy,
    activatedAt: m.activatedAt,
    activatedBy: m.activatedByName,
    labelCount: m.labelCount,
    heldOut: metrics.n ?? 0,
    accuracy: metrics.accuracy ?? null,
    macroF1: metrics.macroF1 ?? null,
    weightedF1: metrics.weightedF1 ?? null,
    perClass: metrics.perClass ?? {},
    trainSeconds: metrics.trainSeconds ?? null,
    labelCounts: td.labelCounts ?? {},
    sources: td.sources ?? {},
    from: td.from ?? null,
    to: td.to ?? null,
  };
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const db = await database();
  const [models, pending, runs, counts] = await Promise.all([
    listModels(db),
    pendingRetrainRun(db),
    recentRetrainRuns(db, 5),
    trainingDataCounts(db),
  ]);
  const views = models.map(view);
  const active = views.find((m) => m.status === 'active') ?? null;
  const newLabels = await labelsSince(db, active ? active.trainedAt : null);
  const compareId = url.searchParams.get('compare') ?? url.searchParams.get('activate');
  const compared =
    views.find((m) => m.id === compareId) ??
    views.find((m) => m.status === 'candidate' && (!active || m.version > active.version)) ??
    null;
  const role = locals.user?.role;
  const total = counts.analystLabels + counts.imported;
  return {
    title: 'Models',
    models: views,
    active,
    compared: compared && compared.id !== active?.id ? compared : null,
    confirming: url.searchParams.get('activate'),
    newLabels,
    counts,
    shortfall:
      total < MIN_TRAINING_EXAMPLES
        ? `At least ${MIN_TRAINING_EXAMPLES} labelled items are needed to train a model; there are ${total} so far.`
        : null,
    pending: pending && {
      id: pending.id,
      status: pending.status,
      processed: pending.processed,
      total: pending.total ?? 4,
      createdAt: pending.createdAt,
    },
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      message: r.errors[0]?.message ?? null,
    })),
    canRetrain: role ? can(role, 'models:retrain') : false,
    canActivate: role ? can(role, 'models:activate') : false,
    userId: locals.user?.id ?? null,
  };
};

export const actions: Actions = {
  // models:retrain, checked by the hook from routes.ts.
  retrain: async ({ locals }) => {
    const db = await database();
    if (await pendingRetrainRun(db))
      return fail(409, { notice: { ok: false, message: 'A training run is already waiting or running.' } });
    const user = locals.user!;
    const run = await createRetrainRun(db, { id: user.id, label: user.email });
    try {
      await jobPort().enqueue(
        'retrain',
        { runId: run.id, requestedBy: user.id },
        { jobId: `retrain-${run.id}` },
      );
    } catch (e) {
      await updateRetrainRun(db, run.id, {
        status: 'failed',
        message: 'The job queue could not be reached.',
      });
      console.error('Enqueueing retrain failed', e);
      return fail(503, {
        notice: { ok: false, message: 'The job queue could not be reached. Try again shortly.' },
      });
    }
    return {
      notice: {
        ok: true,
        message:
          'Training has started in the worker. The new model will appear here as a candidate; it is not used until a supervisor makes it active.',
      },
    };
  },
  // models:activate (supervisors and administrators), checked by the hook.
  activate: async ({ request, locals }) => {
    const form = await request.formData();
    if (form.get('confirm') !== 'yes')
      return fail(400, { notice: { ok: false, message: 'Confirm that you have compared the two models.' } });
    const user = locals.user!;
    try {
      const out = await activateModel(
        await database(),
        { id: user.id, label: user.email },
        text(form, 'modelId', ''),
      );
      return {
        notice: {
          ok: true,
          message: `Model version ${out.version} is now active. New items are scored with it; earlier scores keep the model they were made with.`,
        },
      };
    } catch (e) {
      if (isDomainError(e)) return fail(400, { notice: { ok: false, message: e.message } });
      throw e;
    }
  },
};
