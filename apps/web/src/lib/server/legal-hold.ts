import { can, isDomainError, type Role } from '@counterpoint/core';
import {
  activeLegalHold,
  liftLegalHold,
  narrativeHoldsOnSignal,
  placeLegalHold,
  type Db,
  type Holdable,
} from '@counterpoint/db';
import { fail } from '@sveltejs/kit';
import { database } from './db.js';

/**
 * Legal holds on the signal and narrative pages: what the panel shows, and the two form actions
 * (placeHold, liftHold) both pages spread into their actions. routes.ts gives them
 * legal_hold:manage; the reason is required and the change audited by the db layer.
 */

export interface HoldView {
  type: Holdable;
  active: { reason: string; placedAt: Date; placedByName: string | null } | null;
  /** Narratives whose hold covers this signal. */
  viaNarratives: Array<{ narrativeId: string; title: string }>;
  canManage: boolean;
}

export async function holdView(db: Db, type: Holdable, id: string, role: Role): Promise<HoldView> {
  const [active, viaNarratives] = await Promise.all([
    activeLegalHold(db, type, id),
    type === 'signal' ? narrativeHoldsOnSignal(db, id) : Promise.resolve([]),
  ]);
  return {
    type,
    active: active
      ? { reason: active.reason, placedAt: active.placedAt, placedByName: active.placedByName }
      : null,
    viaNarratives,
    canManage: can(role, 'legal_hold:manage'),
  };
}

interface HoldEvent {
  params: { id?: string };
  locals: App.Locals;
  request: Request;
}

const STATUS: Record<string, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
};

function holdAction(type: Holdable, placing: boolean) {
  const action = placing ? 'placeHold' : 'liftHold';
  return async ({ params, locals, request }: HoldEvent) => {
    const form = await request.formData();
    const user = locals.user!;
    const target = { type, id: params.id ?? '' };
    try {
      const db = await database();
      const actor = { id: user.id, label: user.email };
      if (placing) await placeLegalHold(db, actor, target, form.get('reason'));
      else await liftLegalHold(db, actor, target, form.get('reason'));
    } catch (e) {
      if (isDomainError(e)) return fail(STATUS[e.code] ?? 400, { action, message: e.message, code: e.code });
      throw e;
    }
    return {
      ok: true as const,
      action,
      message: placing
        ? `Legal hold placed. Retention will keep this ${type}${type === 'narrative' ? ', its signals and their posts' : ' and its posts'}.`
        : 'Legal hold lifted. Retention applies again from the next run.',
    };
  };
}

export function holdActions(type: Holdable) {
  return { placeHold: holdAction(type, true), liftHold: holdAction(type, false) };
}
