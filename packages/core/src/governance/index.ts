export * from './risk-register.js';
export * from './spaces.js';
