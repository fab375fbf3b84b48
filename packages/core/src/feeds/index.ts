export * from './charset.js';
export * from './dates.js';
export * from './detect.js';
export * from './feed-error.js';
export * from './html-text.js';
export * from './normalise.js';
export * from './parse-feed.js';
export * from './repair.js';
