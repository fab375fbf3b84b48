export * from './text-hash.js';
export * from './simhash.js';
