// londonDay and addDays are also exported by campaigns (same meaning); trends keeps its own copies
// internally and exports only what campaigns lacks.
export { dayRange, isIsoDay, londonMinuteOfDay } from './days.js';
export * from './spikes.js';
export * from './quiet-hours.js';
export * from './atom.js';
export * from './describe.js';
