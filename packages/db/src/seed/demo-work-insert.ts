import { newId } from '@counterpoint/core';
import {
  campaignActivities,
  campaignContacts,
  campaignDistricts,
  campaignMessages,
  campaignNarratives,
  campaignOrganisations,
  campaigns,
} from '../schema/campaigns.js';
import { contacts, organisations } from '../schema/contacts.js';
import { escalationRoutes } from '../schema/escalations.js';
import { narrativeDistricts, narratives } from '../schema/narratives.js';
import { sourceDistricts, sources } from '../schema/sources.js';
import { dayFrom, instantFrom, must, recordSeeded, type SeedContext } from './context.js';
import { seedOutreachAndGovernance } from './demo-governance-insert.js';
import { DEMO_CONTACTS, DEMO_ORGANISATIONS } from './demo-people.js';
import {
  DEMO_ACTIVITIES,
  DEMO_CAMPAIGN,
  DEMO_MESSAGES,
  DEMO_NARRATIVE,
  DEMO_ROUTES,
  DEMO_SOURCES,
} from './demo-work.js';

/** Everything after geography, people and the lexicon: the working state of a partnership. */
export async function seedWork(ctx: SeedContext): Promise<void> {
  const { tx, now } = ctx;
  const admin = ctx.users.get('admin') ?? null;
  const supervisor = ctx.users.get('supervisor') ?? null;
  const analyst = ctx.users.get('analyst') ?? null;
  const comms = ctx.users.get('communications_officer') ?? null;

  // Sources and the districts they cover.
  const sourceRows = DEMO_SOURCES.map((s) => {
    const id = newId('source');
    ctx.sources.set(s.key, id);
    return {
      id,
      kind: s.kind,
      name: s.name,
      url: s.url,
      enabled: s.enabled,
      intervalMinutes: s.intervalMinutes,
      config: s.config,
      ownerId: admin,
    };
  });
  await tx.insert(sources).values(sourceRows);
  const links = DEMO_SOURCES.flatMap((s) =>
    s.districts.map((d) => ({ sourceId: must(ctx.sources, s.key), districtId: must(ctx.districts, d) })),
  );
  if (links.length > 0) await tx.insert(sourceDistricts).values(links);
  recordSeeded(ctx, 'source', [...ctx.sources.values()]);

  // Escalation routes.
  const routeRows = DEMO_ROUTES.map((r) => ({
    id: newId('route'),
    name: r.name,
    kind: r.kind,
    category: r.category,
    contact: r.contact,
    expectedResponseHours: r.hours,
    packageContents: r.contents,
    description: r.description,
  }));
  await tx.insert(escalationRoutes).values(routeRows);
  recordSeeded(
    ctx,
    'escalation_route',
    routeRows.map((r) => r.id),
  );

  // Organisations and contacts.
  const orgRows = DEMO_ORGANISATIONS.map((o) => {
    const id = newId('organisation');
    ctx.organisations.set(o.key, id);
    return { id, name: o.name, kind: o.kind, districtId: must(ctx.districts, o.district), notes: o.notes };
  });
  await tx.insert(organisations).values(orgRows);
  recordSeeded(
    ctx,
    'organisation',
    orgRows.map((r) => r.id),
  );
  const contactRows = DEMO_CONTACTS.map((c) => {
    const id = newId('contact');
    ctx.contacts.set(c.key, id);
    const organisation = DEMO_ORGANISATIONS.find((o) => o.key === c.organisation);
    const given = c.consentDaysAgo;
    return {
      id,
      organisationId: must(ctx.organisations, c.organisation),
      name: c.name,
      role: c.role,
      email: c.email,
      phone: c.phone ?? null,
      contactPreference: c.preference,
      lawfulBasis: c.lawfulBasis,
      consentGivenOn: given === undefined ? null : dayFrom(now, -given),
      consentExpiresOn: given === undefined ? null : dayFrom(now, (c.consentValidDays ?? 730) - given),
      districtId: organisation ? must(ctx.districts, organisation.district) : null,
      // The engagement officer looks after the demo relationships, so consent reviews reach them.
      ownerId: ctx.users.get('engagement_officer') ?? null,
    };
  });
  await tx.insert(contacts).values(contactRows);
  recordSeeded(
    ctx,
    'contact',
    contactRows.map((r) => r.id),
  );

  // A narrative the campaign, risk and space can point at (no signals yet: the feed brings those).
  const narrativeId = newId('narrative');
  await tx.insert(narratives).values({
    id: narrativeId,
    title: DEMO_NARRATIVE.title,
    summary: DEMO_NARRATIVE.summary,
    category: DEMO_NARRATIVE.category,
    status: DEMO_NARRATIVE.status,
    firstSeenAt: instantFrom(now, -35, 10),
    lastSeenAt: instantFrom(now, -2, 10),
    createdBy: analyst,
  });
  await tx
    .insert(narrativeDistricts)
    .values(DEMO_NARRATIVE.districts.map((d) => ({ narrativeId, districtId: must(ctx.districts, d) })));
  recordSeeded(ctx, 'narrative', [narrativeId]);

  // The campaign, its links, activities and messages.
  const c = DEMO_CAMPAIGN;
  const campaignId = newId('campaign');
  await tx.insert(campaigns).values({
    id: campaignId,
    title: c.title,
    objective: c.objective,
    audiences: c.audiences,
    channels: c.channels,
    keyMessages: c.keyMessages,
    assets: c.assets,
    ownerId: comms,
    status: c.status,
    startsOn: dayFrom(now, c.startDays),
    endsOn: dayFrom(now, c.endDays),
  });
  await tx.insert(campaignNarratives).values({ campaignId, narrativeId });
  await tx
    .insert(campaignDistricts)
    .values(c.districts.map((d) => ({ campaignId, districtId: must(ctx.districts, d) })));
  await tx
    .insert(campaignOrganisations)
    .values(c.organisations.map((o) => ({ campaignId, organisationId: must(ctx.organisations, o) })));
  await tx
    .insert(campaignContacts)
    .values(c.contacts.map((k) => ({ campaignId, contactId: must(ctx.contacts, k) })));
  const activityRows = DEMO_ACTIVITIES.map((a) => ({
    id: newId('activity'),
    campaignId,
    title: a.title,
    channel: a.channel,
    districtId: must(ctx.districts, a.district),
    startsAt: instantFrom(now, a.days, a.hour),
    endsAt: instantFrom(now, a.days, a.hour + a.hours),
    status: a.status,
    reach: a.reach,
    engagement: a.engagement,
    ownerId: comms,
    reminderMinutesBefore: a.status === 'planned' ? 60 : null,
  }));
  await tx.insert(campaignActivities).values(activityRows);
  const messageRows = DEMO_MESSAGES.map((m, i) => ({
    id: newId('message'),
    campaignId,
    body: m.body,
    channel: m.channel,
    status: m.status,
    authorId: comms ?? must(ctx.users, 'admin'),
    reviewerId: m.status === 'approved' ? supervisor : null,
    reviewComment: m.status === 'approved' ? 'Clear and calm. Approved.' : null,
    submittedAt: instantFrom(now, -6 + i * 4, 11),
    reviewedAt: m.status === 'approved' ? instantFrom(now, -5, 9) : null,
  }));
  await tx.insert(campaignMessages).values(messageRows);
  recordSeeded(ctx, 'campaign', [campaignId]);
  recordSeeded(
    ctx,
    'campaign_activity',
    activityRows.map((r) => r.id),
  );
  recordSeeded(
    ctx,
    'campaign_message',
    messageRows.map((r) => r.id),
  );
  await seedOutreachAndGovernance(ctx, { narrativeId, campaignId });
}
