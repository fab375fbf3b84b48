export * from './period.js';
export * from './board-data.js';
export * from './board.js';
export * from './csv.js';
