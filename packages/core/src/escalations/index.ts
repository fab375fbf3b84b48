export * from './route-choice.js';
export * from './package.js';
export * from './route-input.js';
export * from './csv.js';
