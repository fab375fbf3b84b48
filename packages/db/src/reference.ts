import { ROLE_LABELS, ROLES, type Role } from '@counterpoint/core';
import { sql } from 'drizzle-orm';
import { mutate, SYSTEM_ACTOR, type AuditEntry } from './audit.js';
import type { Db } from './open.js';
import { retentionPolicies } from './schema/privacy.js';
import { roles } from './schema/users.js';

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Manages users, sources, settings and retention. Sees the audit trail.',
  supervisor:
    'Oversees triage and escalations, approves campaign messages and identity reveals, activates classifier models.',
  analyst: 'Triages signals, labels them, groups them into narratives and escalates through agreed routes.',
  communications_officer: 'Plans counter-narrative campaigns, drafts messages and schedules activities.',
  engagement_officer:
    'Logs community outreach, keeps organisations and contacts, records training delivered.',
  board_viewer: 'Reads the board report and the locality risk register; sees no individual signals.',
};

/**
 * Default retention, in days. `null` means the class has no clock of its own: identities are
 * deleted with the last item that refers to them, and the audit log is kept.
 */
export const DEFAULT_RETENTION: ReadonlyArray<{
  dataClass: string;
  days: number | null;
  description: string;
}> = [
  { dataClass: 'items_unsignalled', days: 30, description: 'Collected items that never became a signal.' },
  {
    dataClass: 'signals_dismissed',
    days: 90,
    description: 'Content of dismissed signals; daily counts are kept for trends.',
  },
  { dataClass: 'signals_escalated', days: 730, description: 'Escalated signals and their packages.' },
  { dataClass: 'identities', days: null, description: 'Encrypted identities: removed with their last item.' },
  {
    dataClass: 'contacts',
    days: 30,
    description: 'Contacts held on consent: personal details erased this many days after consent expires.',
  },
  { dataClass: 'audit_log', days: null, description: 'The audit trail is kept.' },
];

/**
 * Makes sure the roles and default retention policies exist. Safe to run on every start: role
 * labels and descriptions follow the code, while retention days an administrator has changed are
 * left alone. Writes audit rows only when something actually changed.
 */
export async function ensureReferenceData(db: Db): Promise<{ roles: number; retention: number }> {
  return mutate(db, SYSTEM_ACTOR, async (tx) => {
    const changedRoles = await tx
      .insert(roles)
      .values(ROLES.map((key) => ({ key, label: ROLE_LABELS[key], description: ROLE_DESCRIPTIONS[key] })))
      .onConflictDoUpdate({
        target: roles.key,
        set: { label: sql`excluded.label`, description: sql`excluded.description` },
        setWhere: sql`(${roles.label}, ${roles.description}) is distinct from (excluded.label, excluded.description)`,
      })
      .returning({ key: roles.key });
    const addedRetention = await tx
      .insert(retentionPolicies)
      .values([...DEFAULT_RETENTION])
      .onConflictDoNothing()
      .returning({ dataClass: retentionPolicies.dataClass });
    const audit: AuditEntry[] = [];
    if (changedRoles.length > 0)
      audit.push({
        action: 'reference.roles',
        entityType: 'role',
        entityId: 'roles',
        change: { upserted: changedRoles.map((r) => r.key) },
      });
    if (addedRetention.length > 0)
      audit.push({
        action: 'reference.retention',
        entityType: 'retention_policy',
        entityId: 'retention_policies',
        change: { added: addedRetention.map((r) => r.dataClass) },
      });
    return { result: { roles: changedRoles.length, retention: addedRetention.length }, audit };
  });
}
