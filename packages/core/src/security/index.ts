export * from './passwords.js';
export * from './sign-in-policy.js';
