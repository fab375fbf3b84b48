// Day helpers are exported under outreach names: campaigns has its own `addDays` and `londonDay`.
export { addDays as addCalendarDays, londonDay as todayInLondon, ukDay } from './dates.js';
export { splitTopics, type FieldErrors, type FieldParse } from './fields.js';
export * from './consent.js';
export * from './contact-input.js';
export * from './contacts-csv.js';
export * from './records.js';
