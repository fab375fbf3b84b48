export * from './passwords.js';
export * from './sign-in-policy.js';
export * from './input.js';
