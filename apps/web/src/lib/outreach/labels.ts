/** Wording for outreach codes, shared by the pages. */

export const ORGANISATION_KIND_LABELS: Record<string, string> = {
  community_group: 'Community group',
  faith_group: 'Faith group',
  youth_group: 'Youth group',
  school: 'School or college',
  business: 'Business',
  voluntary: 'Voluntary organisation',
  public_body: 'Public body',
};

export const LAWFUL_BASIS_LABELS: Record<string, string> = {
  consent: 'Consent',
  public_task: 'Public task',
  legitimate_interests: 'Legitimate interests',
};

export const ENGAGEMENT_KIND_LABELS: Record<string, string> = {
  meeting: 'Meeting',
  workshop: 'Workshop',
  event: 'Event',
  call: 'Call',
  visit: 'Visit',
};

export const SECTOR_LABELS: Record<string, string> = {
  police: 'Police',
  education: 'Education',
  health: 'Health',
  social_care: 'Social care',
  district_council: 'District council',
  voluntary_sector: 'Voluntary sector',
};

export const CONSENT_LABELS: Record<string, { label: string; tone: string }> = {
  not_applicable: { label: 'No expiry', tone: '' },
  current: { label: 'Current', tone: 'success' },
  expiring: { label: 'Expiring soon', tone: 'warning' },
  expired: { label: 'Expired', tone: 'danger' },
};

export const FOLLOW_UP_LABELS: Record<string, { label: string; tone: string }> = {
  overdue: { label: 'Overdue', tone: 'danger' },
  due_today: { label: 'Due today', tone: 'warning' },
  due_soon: { label: 'This week', tone: 'accent' },
  later: { label: 'Later', tone: '' },
  done: { label: 'Done', tone: 'success' },
};
