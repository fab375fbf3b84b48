export * from './fuse.js';
