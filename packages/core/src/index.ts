export * from './ids/ids.js';
export * from './errors/errors.js';
export * from './permissions/permissions.js';
export * from './audit/chain.js';
export * from './config/config.js';
export * from './feeds/index.js';
