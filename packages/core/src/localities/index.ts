export * from './gazetteer.js';
