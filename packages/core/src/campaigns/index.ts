export * from './london.js';
export * from './workflow.js';
export * from './ics.js';
export * from './outcomes.js';
export * from './reminders.js';
