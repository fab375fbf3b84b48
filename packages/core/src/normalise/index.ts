export * from './url.js';
export * from './html.js';
export * from './language.js';
export * from './item.js';
