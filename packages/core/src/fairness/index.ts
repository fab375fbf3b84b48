export * from './rates.js';
export * from './spread.js';
