import { DomainError, newId } from '@counterpoint/core';
import { and, asc, eq } from 'drizzle-orm';
import { mutate, type Actor } from '../audit.js';
import type { Db } from '../open.js';
import { notes } from '../schema/triage.js';
import { users } from '../schema/users.js';

/** Free-text notes on any entity, named by type and id. Adding one is audited. */

export const NOTE_MAX = 5000;

export interface NoteRow {
  id: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

export async function addNote(
  db: Db,
  actor: Actor & { id: string },
  entity: { type: string; id: string },
  body: string,
): Promise<string> {
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text) throw new DomainError('invalid_input', 'A note needs some text.');
  if (text.length > NOTE_MAX)
    throw new DomainError('invalid_input', `Please keep a note under ${NOTE_MAX} characters.`);
  return mutate(db, actor, async (tx) => {
    const id = newId('note');
    await tx
      .insert(notes)
      .values({ id, entityType: entity.type, entityId: entity.id, authorId: actor.id, body: text });
    return {
      result: id,
      audit: {
        action: 'note.added',
        entityType: entity.type,
        entityId: entity.id,
        change: { noteId: id, body: text },
      },
    };
  });
}

export async function listNotes(
  db: Db,
  entity: { type: string; id: string },
  limit = 200,
): Promise<NoteRow[]> {
  return db
    .select({ id: notes.id, body: notes.body, authorName: users.name, createdAt: notes.createdAt })
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(and(eq(notes.entityType, entity.type), eq(notes.entityId, entity.id)))
    .orderBy(asc(notes.createdAt))
    .limit(limit);
}
