import { text, timestamp } from 'drizzle-orm/pg-core';

/** Shared column builders, so every table spells ids and times the same way. */
export const idColumn = () => text('id').primaryKey();
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => tstz('created_at').notNull().defaultNow();
export const updatedAt = () => tstz('updated_at').notNull().defaultNow();
