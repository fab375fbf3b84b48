export * from './pseudonym.js';
export * from './identity-crypto.js';
export * from './retention.js';
export * from './reveal.js';
