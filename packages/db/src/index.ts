export * from './open.js';
export * from './audit.js';
export * as schema from './schema/index.js';
export * from './shared.js';
export * from './password.js';
