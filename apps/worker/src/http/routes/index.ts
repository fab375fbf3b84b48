import type { ApiRoute } from '../openapi.js';
import { healthRoute } from './health.js';
import { pushItemsRoute } from './items.js';
import { metricsRoute } from './metrics.js';

/**
 * Every HTTP endpoint. Adding one: a file in this folder exporting `defineRoute({...})` with its
 * zod schemas, and one line here; it is served and described in /api/v1/openapi.json at once.
 */
export const ROUTES: readonly ApiRoute[] = [healthRoute, metricsRoute, pushItemsRoute];
