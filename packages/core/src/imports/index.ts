export * from './csv.js';
export * from './jsonl.js';
export * from './mapping.js';
