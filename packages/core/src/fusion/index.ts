export * from './fuse.js';
export * from './priority.js';
