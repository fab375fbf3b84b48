export * from './types.js';
export * from './compile.js';
export { matchText } from './match.js';
export * from './csv.js';
