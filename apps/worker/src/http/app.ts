import { Hono } from 'hono';
import type { ApiDeps } from './deps.js';
import { errorHandler, errorJson } from './errors.js';
import { defineRoute, mountRoutes, openApiDocument, type ApiRoute } from './openapi.js';
import { ROUTES } from './routes/index.js';
import { securityHeaders } from './security.js';

export const API_VERSION = '0.1.0';

/** The worker's HTTP API: the same app in production (its own port) and embedded (mounted by the launcher). */
export function createApi(deps: ApiDeps, routes: readonly ApiRoute[] = ROUTES): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.onError(errorHandler(deps.logger));
  app.notFound((c) =>
    errorJson(c, 404, { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }),
  );

  const openapiRoute = defineRoute({
    method: 'get',
    path: '/api/v1/openapi.json',
    access: 'public',
    summary: 'This document',
    tags: ['operations'],
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
    handler: (c) => c.json(document),
  });
  const all = [...routes, openapiRoute];
  const document = openApiDocument(all, {
    title: 'Counterpoint API',
    version: API_VERSION,
    description: 'The HTTP API of the Counterpoint worker: operations endpoints and /api/v1 resources.',
  });
  mountRoutes(app, all, deps);
  return app;
}
