import type { Role } from '@counterpoint/core';

/** One demo sign-in per role. Fixed passwords are fine: this is a local demo and they are printed. */
export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  organisation: string;
}

// prettier-ignore
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@example.com', name: 'Priya Shah', role: 'admin', password: 'demo-admin-elmshire', organisation: 'Elmshire County Council' },
  { email: 'supervisor@example.com', name: 'Tom Hughes', role: 'supervisor', password: 'demo-supervisor-elmshire', organisation: 'Elmshire County Council' },
  { email: 'analyst@example.com', name: 'Sam Okafor', role: 'analyst', password: 'demo-analyst-elmshire', organisation: 'Elmshire County Council' },
  { email: 'comms@example.com', name: 'Rhian Evans', role: 'communications_officer', password: 'demo-comms-elmshire', organisation: 'Elmshire County Council' },
  { email: 'engagement@example.com', name: 'Daniel Price', role: 'engagement_officer', password: 'demo-engagement-elmshire', organisation: 'Elmford City Council' },
  { email: 'board@example.com', name: 'Margaret Liu', role: 'board_viewer', password: 'demo-board-elmshire', organisation: 'Elmshire Prevent Partnership Board' },
];

export type OrganisationKind =
  'community_group' | 'faith_group' | 'youth_group' | 'school' | 'business' | 'voluntary' | 'public_body';

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  district: string;
  notes: string;
}

// prettier-ignore
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { key: 'interfaith', name: 'Elmford Interfaith Forum', kind: 'faith_group', district: 'elmford', notes: 'Meets monthly at the Riverside Quarter community hall. Keen to co-host myth-busting sessions.' },
  { key: 'youth-hub', name: 'Saltmere Youth Hub', kind: 'youth_group', district: 'saltmere-coast', notes: 'Drop-in for 11–19s on Harbourside. Staff asked for online-safety resources.' },
  { key: 'academy', name: 'Kestrel Vale Academy', kind: 'school', district: 'kestrel-vale', notes: 'Secondary academy, 1,100 pupils. Designated safeguarding lead is the main contact.' },
  { key: 'residents', name: "Brackenhurst Residents' Association", kind: 'community_group', district: 'brackenhurst', notes: 'Raised concerns about leaflets left around the Market Square.' },
  { key: 'cvs', name: 'Ravensmoor Community Voluntary Service', kind: 'voluntary', district: 'ravensmoor', notes: 'Umbrella body for 60 local charities; runs the volunteer centre.' },
  { key: 'traders', name: 'Copperdown Traders Group', kind: 'business', district: 'copperdown', notes: 'Town-centre businesses; interested in the community cohesion campaign.' },
  { key: 'fire', name: 'Elmshire Fire and Rescue Service', kind: 'public_body', district: 'north-elmshire', notes: 'Partner for home-visit referrals and community events.' },
];

export interface DemoContact {
  key: string;
  organisation: string;
  name: string;
  role: string;
  email: string;
  phone?: string;
  preference: string;
  lawfulBasis: 'consent' | 'public_task' | 'legitimate_interests';
  /** Consent given this many days before "now"; expiry two years later unless stated. */
  consentDaysAgo?: number;
  consentValidDays?: number;
}

// prettier-ignore
export const DEMO_CONTACTS: readonly DemoContact[] = [
  { key: 'amina', organisation: 'interfaith', name: 'Amina Rahman', role: 'Forum co-chair', email: 'amina.rahman@example.com', preference: 'E-mail, weekday evenings', lawfulBasis: 'consent', consentDaysAgo: 400 },
  { key: 'gareth', organisation: 'interfaith', name: 'Revd Gareth Lloyd', role: 'Forum co-chair', email: 'gareth.lloyd@example.com', phone: '01632 960 118', preference: 'Phone', lawfulBasis: 'consent', consentDaysAgo: 715, consentValidDays: 730 },
  { key: 'kerry', organisation: 'youth-hub', name: 'Kerry Walsh', role: 'Youth work manager', email: 'kerry.walsh@example.com', preference: 'E-mail', lawfulBasis: 'legitimate_interests' },
  { key: 'imran', organisation: 'academy', name: 'Imran Siddiqui', role: 'Designated safeguarding lead', email: 'dsl@kestrelvale-academy.example.com', phone: '01632 960 442', preference: 'School office line', lawfulBasis: 'public_task' },
  { key: 'jean', organisation: 'residents', name: 'Jean Barker', role: 'Secretary', email: 'jean.barker@example.com', preference: 'E-mail or post', lawfulBasis: 'consent', consentDaysAgo: 120 },
  { key: 'olu', organisation: 'cvs', name: 'Olu Adeyemi', role: 'Chief officer', email: 'olu.adeyemi@example.com', preference: 'E-mail', lawfulBasis: 'legitimate_interests' },
];
