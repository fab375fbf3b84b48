export * from './define.js';
export * from './contracts/index.js';
export * from './port.js';
