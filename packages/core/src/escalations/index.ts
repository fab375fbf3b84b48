export * from './route-choice.js';
export * from './package.js';
export * from './route-input.js';
