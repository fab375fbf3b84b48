import { newId } from '@counterpoint/core';
import {
  planActions,
  riskLinks,
  risks,
  spaceActions,
  spaceNarratives,
  spaces,
} from '../schema/governance.js';
import {
  engagementCampaigns,
  engagementContacts,
  engagementOrganisations,
  engagements,
  followUps,
  trainingSessions,
} from '../schema/outreach.js';
import { dayFrom, instantFrom, must, recordSeeded, type SeedContext } from './context.js';
import { DEMO_ENGAGEMENTS, DEMO_RISKS, DEMO_SPACES, DEMO_TRAINING } from './demo-work.js';

/** The outreach log, training record, spaces register and risk register of the demo workspace. */
export async function seedOutreachAndGovernance(
  ctx: SeedContext,
  links: { narrativeId: string; campaignId: string },
): Promise<void> {
  const { tx, now } = ctx;
  const { narrativeId, campaignId } = links;
  const supervisor = ctx.users.get('supervisor') ?? null;
  const analyst = ctx.users.get('analyst') ?? null;
  const engagement = ctx.users.get('engagement_officer') ?? null;

  // Outreach log with follow-ups.
  const engagementIds: string[] = [];
  const followUpIds: string[] = [];
  for (const e of DEMO_ENGAGEMENTS) {
    const id = newId('engagement');
    engagementIds.push(id);
    await tx.insert(engagements).values({
      id,
      kind: e.kind,
      title: e.title,
      occurredOn: dayFrom(now, e.days),
      districtId: must(ctx.districts, e.district),
      topics: e.topics,
      notes: e.notes,
      outcome: e.outcome,
      ownerId: engagement,
    });
    await tx
      .insert(engagementOrganisations)
      .values(e.organisations.map((o) => ({ engagementId: id, organisationId: must(ctx.organisations, o) })));
    await tx
      .insert(engagementContacts)
      .values(e.contacts.map((k) => ({ engagementId: id, contactId: must(ctx.contacts, k) })));
    if (e.district === 'saltmere-coast')
      await tx.insert(engagementCampaigns).values({ engagementId: id, campaignId });
    const followUpId = newId('followUp');
    followUpIds.push(followUpId);
    await tx.insert(followUps).values({
      id: followUpId,
      engagementId: id,
      description: e.followUp.description,
      ownerId: engagement,
      dueOn: dayFrom(now, e.days + e.followUp.days),
    });
  }
  recordSeeded(ctx, 'engagement', engagementIds);
  recordSeeded(ctx, 'follow_up', followUpIds);

  const trainingRows = DEMO_TRAINING.map((t) => ({
    id: newId('training'),
    deliveredOn: dayFrom(now, t.days),
    module: t.module,
    sector: t.sector,
    districtId: must(ctx.districts, t.district),
    attendees: t.attendees,
    feedbackScore: t.feedback,
    trainer: t.trainer,
    notes: t.notes,
  }));
  await tx.insert(trainingSessions).values(trainingRows);
  recordSeeded(
    ctx,
    'training_session',
    trainingRows.map((r) => r.id),
  );

  // Spaces first, so the risks can link to them.
  const spaceIds: string[] = [];
  const spaceActionIds: string[] = [];
  for (const s of DEMO_SPACES) {
    const id = newId('space');
    spaceIds.push(id);
    await tx.insert(spaces).values({
      id,
      kind: s.kind,
      name: s.name,
      platform: s.platform,
      url: s.url,
      address: s.address,
      districtId: must(ctx.districts, s.district),
      riskRating: s.riskRating,
      status: s.status,
      sourceId: s.source ? must(ctx.sources, s.source) : null,
      notes: s.notes,
    });
    if (s.kind === 'online') await tx.insert(spaceNarratives).values({ spaceId: id, narrativeId });
    const actionId = newId('spaceAction');
    spaceActionIds.push(actionId);
    await tx.insert(spaceActions).values({
      id: actionId,
      spaceId: id,
      kind: s.action.kind,
      note: s.action.note,
      at: instantFrom(now, s.action.days, 14),
      byId: s.kind === 'online' ? analyst : engagement,
    });
  }
  recordSeeded(ctx, 'space', spaceIds);
  recordSeeded(ctx, 'space_action', spaceActionIds);

  const riskIds: string[] = [];
  const actionIds: string[] = [];
  for (const r of DEMO_RISKS) {
    const id = newId('risk');
    riskIds.push(id);
    await tx.insert(risks).values({
      id,
      districtId: r.district ? must(ctx.districts, r.district) : null,
      title: r.title,
      description: r.description,
      likelihood: r.likelihood,
      impact: r.impact,
      ownerId: supervisor,
      status: r.status,
      reviewOn: dayFrom(now, r.reviewDays),
    });
    const rows = r.actions.map((a) => ({
      id: newId('planAction'),
      riskId: id,
      title: a.title,
      ownerId: supervisor,
      dueOn: dayFrom(now, a.days),
      status: a.status,
    }));
    await tx.insert(planActions).values(rows);
    actionIds.push(...rows.map((a) => a.id));
    if (r.district === 'saltmere-coast')
      await tx.insert(riskLinks).values([
        { riskId: id, entityType: 'narrative', entityId: narrativeId },
        { riskId: id, entityType: 'campaign', entityId: campaignId },
        { riskId: id, entityType: 'space', entityId: spaceIds[0]! },
      ]);
  }
  recordSeeded(ctx, 'risk', riskIds);
  recordSeeded(ctx, 'plan_action', actionIds);
}
