export * from './pseudonym.js';
export * from './identity-crypto.js';
export * from './retention.js';
