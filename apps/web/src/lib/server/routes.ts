import type { Action } from '@counterpoint/core';

/**
 * The one table the server checks before any page loads or any form action runs. Every SvelteKit
 * route id must appear here; a route without a rule is refused (and fails the routes test), so a
 * new page cannot ship open by accident.
 *
 *  - 'public': anyone, signed in or not (the sign-in page).
 *  - 'signed-in': anyone with a session, whatever their role (signing out, the refusal page).
 *  - an Action: the role must be allowed it by `can(role, action)`.
 */
export type Rule = 'public' | 'signed-in' | Action;

export interface RouteRule {
  rule: Rule;
  /** How the refusal page names what was refused: "You don't have access to Admin". */
  area: string;
}

export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  '/sign-in': { rule: 'public', area: 'Sign in' },
  '/sign-out': { rule: 'signed-in', area: 'Sign out' },
  '/(app)': { rule: 'dashboard:view', area: 'the Dashboard' },
  '/(app)/no-access': { rule: 'signed-in', area: 'this page' },
  '/(app)/signals': { rule: 'signals:view', area: 'Signals' },
  '/(app)/signals/[id]': { rule: 'signals:view', area: 'Signals' },
  '/(app)/signals/stream': { rule: 'signals:view', area: 'Signals' },
  '/(app)/narratives': { rule: 'narratives:view', area: 'Narratives' },
  '/(app)/narratives/new': { rule: 'narratives:edit', area: 'creating narratives' },
  '/(app)/narratives/[id]': { rule: 'narratives:view', area: 'Narratives' },
  '/(app)/campaigns': { rule: 'campaigns:view', area: 'Campaigns' },
  '/(app)/campaigns/new': { rule: 'campaigns:edit', area: 'planning campaigns' },
  '/(app)/campaigns/[id]': { rule: 'campaigns:view', area: 'Campaigns' },
  '/(app)/campaigns/[id]/edit': { rule: 'campaigns:edit', area: 'planning campaigns' },
  '/(app)/campaigns/calendar': { rule: 'campaigns:view', area: 'the campaign calendar' },
  '/(app)/campaigns/feeds': { rule: 'campaigns:view', area: 'calendar feeds' },
  // Calendar apps poll without a session: the token in the address is checked against its hash.
  '/feeds/calendar/[token].ics': { rule: 'public', area: 'Calendar feed' },
  '/(app)/outreach': { rule: 'outreach:view', area: 'Outreach' },
  // Outreach (issue 7): the log, follow-ups and training need outreach:view to read; contacts and
  // organisations hold personal data and need contacts:view.
  '/(app)/outreach/new': { rule: 'outreach:edit', area: 'logging engagements' },
  '/(app)/outreach/[id]': { rule: 'outreach:view', area: 'Outreach' },
  '/(app)/outreach/follow-ups': { rule: 'outreach:view', area: 'follow-ups' },
  '/(app)/outreach/contacts': { rule: 'contacts:view', area: 'Contacts' },
  '/(app)/outreach/contacts/new': { rule: 'contacts:edit', area: 'adding contacts' },
  '/(app)/outreach/contacts/[id]': { rule: 'contacts:edit', area: 'editing contacts' },
  '/(app)/outreach/contacts/import': { rule: 'contacts:edit', area: 'importing contacts' },
  '/(app)/outreach/contacts/export': { rule: 'contacts:view', area: 'Contacts' },
  '/(app)/outreach/organisations': { rule: 'contacts:view', area: 'Organisations' },
  '/(app)/outreach/training': { rule: 'outreach:view', area: 'the training record' },
  '/(app)/localities': { rule: 'localities:view', area: 'Localities' },
  // Risk and spaces registers (issue 9): read by partnership staff, kept by supervisors; never
  // open to board viewers, who see only the board report.
  '/(app)/risks': { rule: 'risks:view', area: 'the Risk register' },
  '/(app)/risks/new': { rule: 'risks:edit', area: 'adding risks' },
  '/(app)/risks/[id]': { rule: 'risks:view', area: 'the Risk register' },
  '/(app)/spaces': { rule: 'spaces:view', area: 'the Spaces register' },
  '/(app)/spaces/new': { rule: 'spaces:edit', area: 'adding spaces' },
  '/(app)/spaces/[id]': { rule: 'spaces:view', area: 'the Spaces register' },
  '/(app)/reports': { rule: 'reports:view', area: 'Reports' },
  // The board report's CSVs (one per table, or all in a ZIP) and its PDF: the same figures.
  '/(app)/reports/csv/[table]': { rule: 'reports:view', area: 'Reports' },
  '/(app)/reports/pdf': { rule: 'reports:view', area: 'Reports' },
  '/(app)/admin': { rule: 'users:manage', area: 'Admin' },
  '/(app)/admin/sources': { rule: 'sources:view', area: 'Sources' },
  '/(app)/admin/sources/new': { rule: 'sources:edit', area: 'adding sources' },
  '/(app)/admin/sources/[id]': { rule: 'sources:edit', area: 'editing sources' },
  '/(app)/admin/import': { rule: 'imports:run', area: 'File import' },
  '/(app)/admin/queues': { rule: 'queues:manage', area: 'Queues' },
  '/(app)/admin/lexicon': { rule: 'lexicon:view', area: 'the Lexicon' },
  '/(app)/admin/lexicon/export': { rule: 'lexicon:view', area: 'the Lexicon' },
  '/(app)/admin/models': { rule: 'models:retrain', area: 'Models' },
  // Trends and alerts (issue 6): everyone with the dashboard sees alerts and keeps their own
  // subscriptions and feed; the feed itself is public, its token in the path being the credential.
  '/(app)/alerts': { rule: 'dashboard:view', area: 'Alerts' },
  '/(app)/alerts/settings': { rule: 'dashboard:view', area: 'Alert subscriptions' },
  '/feeds/alerts/[token]': { rule: 'public', area: 'the alerts feed' },
  '/(app)/escalations': { rule: 'signals:escalate', area: 'Escalations' },
  '/(app)/escalations/[id]': { rule: 'signals:escalate', area: 'Escalations' },
  '/(app)/escalations/export': { rule: 'signals:export', area: 'exporting escalations' },
  '/(app)/signals/export': { rule: 'signals:export', area: 'exporting signals' },
  '/(app)/admin/routes': { rule: 'escalations:manage', area: 'Escalation routes' },
  '/(app)/admin/routes/new': { rule: 'escalations:manage', area: 'Escalation routes' },
  '/(app)/admin/routes/[id]': { rule: 'escalations:manage', area: 'Escalation routes' },
  // Retention (issue 8): periods and runs are for administrators.
  '/(app)/admin/retention': { rule: 'retention:manage', area: 'Retention' },
  // Privacy (issue 8): reveal requests for supervisors; the audit trail and subject requests for
  // supervisors and administrators.
  '/(app)/admin/reveals': { rule: 'identity:approve', area: 'Reveal requests' },
  '/(app)/admin/audit': { rule: 'audit:view', area: 'the Audit trail' },
  '/(app)/admin/audit/export': { rule: 'audit:view', area: 'the Audit trail' },
  '/(app)/admin/subject-requests': { rule: 'subjects:manage', area: 'Subject requests' },
  '/(app)/admin/subject-requests/export': { rule: 'subjects:manage', area: 'Subject requests' },
  '/(app)/admin/fairness': { rule: 'fairness:view', area: 'Fairness and quality' },
};

/**
 * Named form actions, keyed `<route id>?/<action name>` ('default' for an unnamed action). The
 * page's own rule is checked as well, so an action can only narrow access, never widen it.
 */
export const FORM_ACTION_RULES: Readonly<Record<string, Rule>> = {
  '/sign-in?/default': 'public',
  '/sign-out?/here': 'signed-in',
  '/sign-out?/everywhere': 'signed-in',
  '/(app)/admin?/addUser': 'users:manage',
  // Triage (issue 5): deciding needs signals:triage; escalating needs signals:escalate; a person's
  // saved views are their own, so viewing signals is enough.
  '/(app)/signals?/bulkClaim': 'signals:triage',
  '/(app)/signals?/bulkDismiss': 'signals:triage',
  '/(app)/signals?/bulkEscalate': 'signals:escalate',
  '/(app)/signals?/bulkLabel': 'signals:triage',
  '/(app)/signals?/bulkNote': 'signals:triage',
  '/(app)/signals?/bulkLink': 'signals:triage',
  '/(app)/signals?/saveView': 'signals:view',
  '/(app)/signals?/deleteView': 'signals:view',
  '/(app)/signals/[id]?/claim': 'signals:triage',
  '/(app)/signals/[id]?/release': 'signals:triage',
  '/(app)/signals/[id]?/dismiss': 'signals:triage',
  '/(app)/signals/[id]?/escalate': 'signals:escalate',
  '/(app)/signals/[id]?/label': 'signals:triage',
  '/(app)/signals/[id]?/note': 'signals:triage',
  '/(app)/signals/[id]?/link': 'signals:triage',
  '/(app)/signals/[id]?/close': 'signals:triage',
  // Narratives (issue 6): creating, editing and adding or removing signals need narratives:edit.
  '/(app)/narratives/new?/default': 'narratives:edit',
  '/(app)/narratives/[id]?/update': 'narratives:edit',
  '/(app)/narratives/[id]?/addSignal': 'narratives:edit',
  '/(app)/narratives/[id]?/removeSignal': 'narratives:edit',
  '/(app)/admin/sources?/setEnabled': 'sources:edit',
  '/(app)/admin/sources?/resume': 'sources:edit',
  '/(app)/admin/sources?/collect': 'sources:edit',
  '/(app)/admin/sources/new?/default': 'sources:edit',
  '/(app)/admin/sources/[id]?/default': 'sources:edit',
  '/(app)/admin/import?/preview': 'imports:run',
  '/(app)/admin/import?/start': 'imports:run',
  '/(app)/admin/queues?/retry': 'queues:manage',
  '/(app)/admin/lexicon?/saveTerm': 'lexicon:edit',
  '/(app)/admin/lexicon?/retireTerm': 'lexicon:edit',
  '/(app)/admin/lexicon?/publish': 'lexicon:edit',
  '/(app)/admin/lexicon?/dryRun': 'lexicon:edit',
  '/(app)/admin/lexicon?/previewImport': 'lexicon:edit',
  '/(app)/admin/lexicon?/applyImport': 'lexicon:edit',
  '/(app)/admin/models?/retrain': 'models:retrain',
  '/(app)/admin/models?/activate': 'models:activate',
  // Acknowledging says an analyst has looked: the people who triage.
  '/(app)/alerts?/acknowledge': 'signals:triage',
  '/(app)/alerts/settings?/save': 'dashboard:view',
  '/(app)/alerts/settings?/remove': 'dashboard:view',
  '/(app)/alerts/settings?/createFeed': 'dashboard:view',
  '/(app)/alerts/settings?/revokeFeed': 'dashboard:view',
  '/(app)/outreach/new?/default': 'outreach:edit',
  '/(app)/outreach/[id]?/addFollowUp': 'outreach:edit',
  '/(app)/outreach/[id]?/done': 'outreach:edit',
  '/(app)/outreach/follow-ups?/done': 'outreach:edit',
  // A task is its assignee's own (completeTask refuses anyone else), so reading outreach is enough.
  '/(app)/outreach/follow-ups?/taskDone': 'outreach:view',
  '/(app)/outreach/contacts/new?/default': 'contacts:edit',
  '/(app)/outreach/contacts/[id]?/default': 'contacts:edit',
  '/(app)/outreach/contacts/import?/import': 'contacts:edit',
  '/(app)/outreach/organisations?/save': 'contacts:edit',
  '/(app)/outreach/training?/record': 'training:edit',
  // Escalations (issue 6): recording progress and keeping the routes need escalations:manage.
  '/(app)/escalations/[id]?/acknowledge': 'escalations:manage',
  '/(app)/escalations/[id]?/close': 'escalations:manage',
  '/(app)/admin/routes?/setActive': 'escalations:manage',
  '/(app)/admin/routes/new?/default': 'escalations:manage',
  '/(app)/admin/routes/[id]?/default': 'escalations:manage',
  // Campaigns (issue 7): approving and returning need campaigns:approve, and core refuses anyone
  // reviewing their own work; subscribing to calendars needs only campaigns:view.
  '/(app)/campaigns/new?/default': 'campaigns:edit',
  '/(app)/campaigns/[id]/edit?/default': 'campaigns:edit',
  '/(app)/campaigns/[id]?/status': 'campaigns:edit',
  '/(app)/campaigns/[id]?/review': 'campaigns:approve',
  '/(app)/campaigns/[id]?/addActivity': 'campaigns:edit',
  '/(app)/campaigns/[id]?/outcome': 'campaigns:edit',
  '/(app)/campaigns/[id]?/draftMessage': 'campaigns:edit',
  '/(app)/campaigns/[id]?/editMessage': 'campaigns:edit',
  '/(app)/campaigns/[id]?/submitMessage': 'campaigns:edit',
  '/(app)/campaigns/[id]?/approveMessage': 'campaigns:approve',
  '/(app)/campaigns/[id]?/returnMessage': 'campaigns:approve',
  '/(app)/campaigns/calendar?/reschedule': 'campaigns:edit',
  '/(app)/campaigns/feeds?/create': 'campaigns:view',
  '/(app)/campaigns/feeds?/revoke': 'campaigns:view',
  '/(app)/admin/retention?/savePolicies': 'retention:manage',
  '/(app)/admin/retention?/dryRun': 'retention:manage',
  '/(app)/admin/retention?/run': 'retention:manage',
  '/(app)/admin/audit?/verify': 'audit:view',
  // Legal holds (issue 8): placed and lifted, with a reason, by supervisors and administrators.
  '/(app)/narratives/[id]?/placeHold': 'legal_hold:manage',
  '/(app)/narratives/[id]?/liftHold': 'legal_hold:manage',
  '/(app)/signals/[id]?/placeHold': 'legal_hold:manage',
  '/(app)/signals/[id]?/liftHold': 'legal_hold:manage',
  // Identity reveals (issue 8): asking and viewing need identity:request; core also refuses anyone
  // but the requester the identity. Deciding needs identity:approve; core refuses the requester.
  '/(app)/signals/[id]?/requestReveal': 'identity:request',
  '/(app)/signals/[id]?/showIdentity': 'identity:request',
  '/(app)/admin/reveals?/decide': 'identity:approve',
  '/(app)/admin/reveals?/setWindow': 'identity:approve',
  '/(app)/admin/subject-requests?/erase': 'subjects:manage',
  '/(app)/admin/subject-requests?/lookup': 'identity:approve',
  // Risk and spaces registers (issue 9): every change needs risks:edit or spaces:edit.
  '/(app)/risks/new?/default': 'risks:edit',
  '/(app)/risks/[id]?/update': 'risks:edit',
  '/(app)/risks/[id]?/status': 'risks:edit',
  '/(app)/risks/[id]?/addAction': 'risks:edit',
  '/(app)/risks/[id]?/updateAction': 'risks:edit',
  '/(app)/risks/[id]?/link': 'risks:edit',
  '/(app)/risks/[id]?/unlink': 'risks:edit',
  '/(app)/risks/[id]?/note': 'risks:edit',
  '/(app)/spaces/new?/default': 'spaces:edit',
  '/(app)/spaces/[id]?/update': 'spaces:edit',
  '/(app)/spaces/[id]?/logAction': 'spaces:edit',
  '/(app)/spaces/[id]?/narrative': 'spaces:edit',
  '/(app)/spaces/[id]?/linkEscalation': 'spaces:edit',
};

export function formActionKey(routeId: string, name: string): string {
  return `${routeId}?/${name}`;
}
