import {
  assertMessageAction,
  campaignPlanOpen,
  DomainError,
  messageStatusAfter,
  newId,
  type MessageAction,
  type MessageStatus,
} from '@counterpoint/core';
import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { mutate } from '../audit.js';
import type { Db } from '../open.js';
import { campaignMessages, campaigns } from '../schema/campaigns.js';
import { users } from '../schema/users.js';
import type { CampaignActor } from './campaigns.js';

export interface CampaignMessageRow {
  id: string;
  campaignId: string;
  body: string;
  channel: string | null;
  status: MessageStatus;
  authorId: string;
  author: string;
  reviewerId: string | null;
  reviewer: string | null;
  reviewComment: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  updatedAt: Date;
}

const reviewers = alias(users, 'reviewers');

export async function listCampaignMessages(db: Db, campaignId: string): Promise<CampaignMessageRow[]> {
  return db
    .select({
      id: campaignMessages.id,
      campaignId: campaignMessages.campaignId,
      body: campaignMessages.body,
      channel: campaignMessages.channel,
      status: campaignMessages.status,
      authorId: campaignMessages.authorId,
      author: users.name,
      reviewerId: campaignMessages.reviewerId,
      reviewer: reviewers.name,
      reviewComment: campaignMessages.reviewComment,
      submittedAt: campaignMessages.submittedAt,
      reviewedAt: campaignMessages.reviewedAt,
      updatedAt: campaignMessages.updatedAt,
    })
    .from(campaignMessages)
    .innerJoin(users, eq(users.id, campaignMessages.authorId))
    .leftJoin(reviewers, eq(reviewers.id, campaignMessages.reviewerId))
    .where(eq(campaignMessages.campaignId, campaignId))
    .orderBy(
      sql`case ${campaignMessages.status} when 'submitted' then 0 when 'returned' then 1 when 'draft' then 2 else 3 end`,
      asc(campaignMessages.createdAt),
    );
}

export interface MessageInput {
  body: string;
  channel: string | null;
}

function checkInput(input: MessageInput): void {
  if (!input.body.trim()) throw new DomainError('invalid_input', 'Write the message before saving it.');
  if (input.body.length > 5000)
    throw new DomainError('invalid_input', 'Keep a message under 5,000 characters.');
}

async function planOpen(tx: Db, campaignId: string): Promise<void> {
  const [c] = await tx
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  if (!c) throw new DomainError('not_found', 'That campaign no longer exists.');
  if (!campaignPlanOpen(c.status))
    throw new DomainError('invalid_state', 'This campaign is finished; its messages can no longer change.');
}

/** A communications officer drafts a message; it stays theirs until a reviewer decides on it. */
export async function draftMessage(
  db: Db,
  actor: CampaignActor,
  campaignId: string,
  input: MessageInput,
): Promise<string> {
  checkInput(input);
  assertMessageAction({ status: 'draft', authorId: actor.id }, 'edit', actor);
  const id = newId('message');
  return mutate(db, actor, async (tx) => {
    await planOpen(tx, campaignId);
    await tx.insert(campaignMessages).values({
      id,
      campaignId,
      body: input.body.trim(),
      channel: input.channel,
      status: 'draft',
      authorId: actor.id,
    });
    return {
      result: id,
      audit: {
        action: 'campaign_message.drafted',
        entityType: 'campaign_message',
        entityId: id,
        change: { campaignId, ...input },
      },
    };
  });
}

/**
 * One step on a message: edit (author, while draft or returned), submit (author), approve or
 * return (a supervisor who is not the author). The rules are core's; the row is locked so two
 * reviewers cannot both decide, and the CHECK on the table refuses a self-review whatever happens.
 */
export async function actOnMessage(
  db: Db,
  actor: CampaignActor,
  messageId: string,
  action: MessageAction,
  options: { comment?: string | null; edit?: MessageInput } = {},
): Promise<MessageStatus> {
  if (action === 'edit') {
    if (!options.edit) throw new DomainError('invalid_input', 'Nothing to change.');
    checkInput(options.edit);
  }
  return mutate(db, actor, async (tx) => {
    const [m] = await tx
      .select({
        status: campaignMessages.status,
        authorId: campaignMessages.authorId,
        campaignId: campaignMessages.campaignId,
      })
      .from(campaignMessages)
      .where(eq(campaignMessages.id, messageId))
      .for('update')
      .limit(1);
    if (!m) throw new DomainError('not_found', 'That message no longer exists.');
    await planOpen(tx, m.campaignId);
    assertMessageAction(m, action, actor, options.comment);
    const status = messageStatusAfter(action, m.status);
    const now = new Date();
    const comment = options.comment?.trim() || null;
    const set =
      action === 'edit'
        ? { body: options.edit!.body.trim(), channel: options.edit!.channel }
        : action === 'submit'
          ? { status, submittedAt: now }
          : { status, reviewerId: actor.id, reviewedAt: now, reviewComment: comment };
    await tx
      .update(campaignMessages)
      .set({ ...set, updatedAt: now })
      .where(eq(campaignMessages.id, messageId));
    return {
      result: status,
      audit: {
        action: `campaign_message.${action === 'edit' ? 'edited' : action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'returned'}`,
        entityType: 'campaign_message',
        entityId: messageId,
        change: {
          campaignId: m.campaignId,
          from: m.status,
          to: status,
          ...(action === 'edit' ? options.edit : {}),
          ...(comment ? { comment } : {}),
        },
      },
    };
  });
}
