export * from './status.js';
export * from './tfidf.js';
export * from './growth.js';
