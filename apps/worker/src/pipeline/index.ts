export * from './prepare.js';
export * from './secrets.js';
