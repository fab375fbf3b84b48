export * from './features.js';
export * from './metrics.js';
export * from './model.js';
export * from './jsonl.js';
export * from './retrain.js';
