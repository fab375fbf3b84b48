/**
 * The rest of the demo workspace: sources, escalation routes, a narrative, a campaign, outreach,
 * training, risks and spaces. Dates are given relative to "now" so the demo always looks current.
 * Places and organisations are fictional; addresses use example.invalid / example.com.
 */

export interface DemoSource {
  key: string;
  kind: 'rss' | 'demo';
  name: string;
  url: string | null;
  enabled: boolean;
  intervalMinutes: number;
  config: Record<string, unknown>;
  districts: string[];
}

export const DEMO_SOURCE_KEY = 'elmshire-demo-feed';

// prettier-ignore
export const DEMO_SOURCES: readonly DemoSource[] = [
  { key: DEMO_SOURCE_KEY, kind: 'demo', name: 'Elmshire demo feed (replayed, fictional posts)', url: null, enabled: true, intervalMinutes: 1, config: { replay: DEMO_SOURCE_KEY, note: 'Synthetic posts replayed over the first minutes after start.' }, districts: [] },
  { key: 'saltmere-gazette', kind: 'rss', name: 'Saltmere Gazette – local news', url: 'https://saltmere-gazette.example.invalid/news/rss', enabled: false, intervalMinutes: 30, config: {}, districts: ['saltmere-coast'] },
  { key: 'elmford-forum', kind: 'rss', name: 'Elmford community forum – public threads', url: 'https://forum.elmford.example.invalid/feed.xml', enabled: false, intervalMinutes: 15, config: {}, districts: ['elmford'] },
];

export interface DemoRoute {
  name: string;
  kind: 'platform_report' | 'ct_policing' | 'safeguarding_lead' | 'partnership_board';
  category: string | null;
  contact: string;
  hours: number;
  contents: string[];
  description: string;
}

// prettier-ignore
export const DEMO_ROUTES: readonly DemoRoute[] = [
  { name: 'Report to the hosting platform', kind: 'platform_report', category: null, contact: 'Platform reporting form (trusted flagger account held by the Prevent coordinator)', hours: 72, contents: ['excerpt', 'link', 'reason', 'decided_by'], description: 'For content that breaks the platform’s own rules. No personal data leaves the council.' },
  { name: 'Counter Terrorism Policing – Prevent referral (demo contact)', kind: 'ct_policing', category: null, contact: 'prevent-referrals@police.example.com', hours: 24, contents: ['excerpt', 'link', 'reason', 'decided_by', 'identity_if_revealed'], description: 'Where a post suggests a risk of harm. Follow the local referral form; a supervisor decides.' },
  { name: 'Designated safeguarding lead – schools', kind: 'safeguarding_lead', category: null, contact: 'Education safeguarding team, safeguarding@elmshire.example.com', hours: 48, contents: ['excerpt', 'reason', 'decided_by'], description: 'Where content concerns a named school or young people in the county.' },
  { name: 'Prevent partnership board – for information', kind: 'partnership_board', category: null, contact: 'Board secretariat, prevent-board@elmshire.example.com', hours: 336, contents: ['summary', 'counts', 'reason'], description: 'Patterns worth the board’s attention; aggregate only.' },
];

export const DEMO_NARRATIVE = {
  title: 'Rumours about asylum accommodation on the Saltmere coast',
  summary:
    'Recurring claims that a seafront hotel is being used to house large numbers of asylum seekers, with calls to "take action". Facts published by the council contradict the claims.',
  category: 'anti_minority',
  status: 'active' as const,
  districts: ['saltmere-coast', 'copperdown'],
};

export const DEMO_CAMPAIGN = {
  title: 'Saltmere Together: facts, not fear',
  objective:
    'Reduce the spread of false claims about asylum accommodation by sharing clear facts through trusted local voices, and give residents a place to ask questions.',
  audiences: ['Residents of Saltmere and Port Averley', 'Parents of secondary-age pupils', 'Local traders'],
  channels: ['Community meetings', 'Council social media', 'Local radio', 'Schools newsletter'],
  keyMessages: [
    'Here are the facts about who is staying where, and who decides.',
    'Ask us: the council answers questions in public every month.',
    'Saltmere has welcomed newcomers for generations.',
  ],
  assets: [
    { label: 'Facts sheet (draft)', url: 'https://intranet.elmshire.example.invalid/comms/saltmere-facts' },
    { label: 'Social cards', url: 'https://intranet.elmshire.example.invalid/comms/saltmere-cards' },
  ],
  status: 'approved' as const,
  startDays: -7,
  endDays: 49,
  districts: ['saltmere-coast'],
  organisations: ['youth-hub', 'interfaith'],
  contacts: ['kerry', 'amina'],
};

// prettier-ignore
export const DEMO_ACTIVITIES = [
  { title: 'Drop-in question time at Saltmere Library', channel: 'Community meetings', district: 'saltmere-coast', days: -3, hour: 18, hours: 2, status: 'delivered' as const, reach: 46, engagement: 31 },
  { title: 'Facts sheet posted on council social channels', channel: 'Council social media', district: 'saltmere-coast', days: 2, hour: 9, hours: 1, status: 'planned' as const, reach: null, engagement: null },
  { title: 'Youth Hub workshop: spotting online rumours', channel: 'Community meetings', district: 'saltmere-coast', days: 9, hour: 16, hours: 2, status: 'planned' as const, reach: null, engagement: null },
  { title: 'Interview on Saltmere Community Radio', channel: 'Local radio', district: 'saltmere-coast', days: 16, hour: 8, hours: 1, status: 'planned' as const, reach: null, engagement: null },
];

// prettier-ignore
export const DEMO_MESSAGES = [
  { body: 'Questions about the hotel on the seafront? Come and ask us in person at Saltmere Library, Thursday 6–8pm. We will share the facts and listen.', channel: 'Council social media', status: 'approved' as const },
  { body: 'You may have seen posts about who is staying in Saltmere. Here is what is true, what is not, and where to find out more.', channel: 'Schools newsletter', status: 'submitted' as const },
];

// prettier-ignore
export const DEMO_ENGAGEMENTS = [
  { kind: 'meeting' as const, title: 'Interfaith Forum quarterly meeting', days: -21, district: 'elmford', topics: ['community tensions', 'online rumours'], notes: 'Forum members described worry after posts about the Riverside Quarter. Agreed to co-host a listening event.', outcome: 'Listening event agreed for next month.', organisations: ['interfaith'], contacts: ['amina', 'gareth'], followUp: { description: 'Send dates for the listening event to the co-chairs', days: 7 } },
  { kind: 'visit' as const, title: 'Visit to Saltmere Youth Hub', days: -12, district: 'saltmere-coast', topics: ['online safety', 'misinformation'], notes: 'Staff see young people sharing rumours about the seafront hotel. Requested a workshop.', outcome: 'Workshop booked as part of the Saltmere campaign.', organisations: ['youth-hub'], contacts: ['kerry'], followUp: { description: 'Share the online-rumours workshop plan with Youth Hub staff', days: 5 } },
  { kind: 'call' as const, title: 'Call with Brackenhurst Residents’ Association', days: -4, district: 'brackenhurst', topics: ['leafleting', 'reporting routes'], notes: 'Leaflets with a far-right group’s logo left near the Market Square. Explained how to report and what the council will do.', outcome: 'Residents know how to report; environmental health to remove leaflets.', organisations: ['residents'], contacts: ['jean'], followUp: { description: 'Confirm the leaflets were removed and update the spaces register', days: 3 } },
];

// prettier-ignore
export const DEMO_TRAINING = [
  { days: -40, module: 'Prevent awareness: online radicalisation', sector: 'education' as const, district: 'kestrel-vale', attendees: 34, feedback: '4.40', trainer: 'Rhian Evans', notes: 'Whole-staff INSET session.' },
  { days: -26, module: 'Referral pathways and the Channel panel', sector: 'social_care' as const, district: 'elmford', attendees: 18, feedback: '4.10', trainer: 'Tom Hughes', notes: '' },
  { days: -15, module: 'Prevent awareness for frontline staff', sector: 'district_council' as const, district: 'copperdown', attendees: 22, feedback: '3.90', trainer: 'Daniel Price', notes: 'Customer services and housing officers.' },
  { days: -6, module: 'Spotting harmful narratives online', sector: 'voluntary_sector' as const, district: 'ravensmoor', attendees: 27, feedback: '4.60', trainer: 'Sam Okafor', notes: 'Hosted by Ravensmoor CVS.' },
];

// prettier-ignore
export const DEMO_RISKS = [
  { district: 'saltmere-coast', title: 'Community tension over asylum accommodation rumours', description: 'False claims circulating online could lead to protests at the seafront hotel and intimidation of residents.', likelihood: 4, impact: 4, status: 'treating' as const, reviewDays: 30, actions: [
    { title: 'Run the "Saltmere Together" campaign', days: 49, status: 'in_progress' as const },
    { title: 'Agree a joint communications protocol with the police and hotel operator', days: 14, status: 'not_started' as const },
  ] },
  { district: null, title: 'Young people drawn into accelerationist online spaces', description: 'County-wide: schools report pupils sharing accelerationist memes picked up on gaming and chat platforms.', likelihood: 3, impact: 5, status: 'open' as const, reviewDays: 60, actions: [
    { title: 'Deliver online-radicalisation training to every secondary school', days: 120, status: 'in_progress' as const },
    { title: 'Brief designated safeguarding leads on the referral route', days: 21, status: 'not_started' as const },
  ] },
  { district: 'brackenhurst', title: 'Far-right leafleting and stickers around the market and mosque', description: 'Leaflets and stickers from a far-right group found on market days; worshippers at the Quay Street mosque report feeling watched.', likelihood: 3, impact: 3, status: 'treating' as const, reviewDays: -6, actions: [
    { title: 'Agree rapid removal of stickers with the council street-cleansing team', days: -9, status: 'not_started' as const },
    { title: 'Meet the market manager about reporting leaflets', days: -20, status: 'done' as const },
  ] },
];

// prettier-ignore
export const DEMO_SPACES = [
  { kind: 'online' as const, name: 'Saltmere Community Noticeboard (public group)', platform: 'Public social media group', url: 'https://social.example.invalid/groups/saltmere-noticeboard', address: null, district: 'saltmere-coast', riskRating: 'medium' as const, status: 'monitoring' as const, source: 'saltmere-gazette', notes: 'Large public group; rumours about the hotel first appeared here. Moderators have been responsive.', action: { kind: 'monitoring' as const, note: 'Weekly check of public posts agreed with the analyst team.', days: -10 } },
  { kind: 'online' as const, name: 'Elmshire Patriots (messaging channel)', platform: 'Public messaging channel', url: 'https://chat.example.invalid/elmshire-patriots', address: null, district: 'saltmere-coast', riskRating: 'high' as const, status: 'active' as const, source: null, notes: 'Public channel that reposts the hotel rumours with calls to "visit" the seafront.', action: { kind: 'platform_report' as const, note: 'Reported three posts inciting gatherings; platform removed two.', days: -5 } },
  { kind: 'offline' as const, name: 'Brackenhurst Market Square', platform: null, url: null, address: 'Market Square, Brackenhurst', district: 'brackenhurst', riskRating: 'low' as const, status: 'active' as const, source: null, notes: 'Leaflets from a far-right group found on two occasions.', action: { kind: 'venue_conversation' as const, note: 'Spoke with the market manager about reporting leaflets and stickers.', days: -3 } },
];
