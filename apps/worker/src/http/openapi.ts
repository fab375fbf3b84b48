import { DomainError, nulPaths } from '@counterpoint/core';
import type { ApiKeyScope } from '@counterpoint/db';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { ApiDeps } from './deps.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface ApiRequestSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
> {
  params?: P;
  query?: Q;
  body?: B;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

/**
 * One HTTP endpoint: its OpenAPI description and its handler together, so the document cannot
 * drift from what is served. Request parts are validated with their zod schemas before the handler
 * runs (a failure is a 400 listing every issue).
 */
export interface ApiRoute<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method;
  /** Hono syntax: `/api/v1/items/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  request?: ApiRequestSpec<P, Q, B>;
  responses: Record<number, ApiResponseSpec>;
  /**
   * Who may call it: anyone (operations endpoints a load balancer or Prometheus polls), or a bearer
   * API key holding the scope. Required, so a new endpoint states it; the permission matrix test
   * calls every route with no key, a tampered key, a key without the scope and one with it, and
   * checks the answers match this.
   */
  access: 'public' | { scope: ApiKeyScope };
  /**
   * Middleware run before the request is read and validated: authentication, rate limits and body
   * size caps refuse a request without parsing it.
   */
  before?: (deps: ApiDeps) => MiddlewareHandler[];
  handler: (c: Context, input: ApiInput<P, Q, B>, deps: ApiDeps) => Response | Promise<Response>;
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: ApiRoute<P, Q, B>): ApiRoute {
  return route;
}

const NUL_ISSUE = 'Contains a NUL character (U+0000), which cannot be stored: remove it.';

interface Issue {
  path: string;
  message: string;
}

function check<S extends z.ZodType | undefined>(
  schema: S,
  value: unknown,
  where: string,
  issues: Issue[],
): Out<S> {
  if (!schema) return undefined as Out<S>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as Out<S>;
  for (const i of parsed.error.issues)
    issues.push({ path: [where, ...i.path.map(String)].join('.'), message: i.message });
  return undefined as Out<S>;
}

export function mountRoutes(app: Hono, routes: readonly ApiRoute[], deps: ApiDeps): void {
  for (const route of routes) {
    // Registered first on the same method and path, so they run first and call next().
    for (const middleware of route.before?.(deps) ?? [])
      app.on(route.method.toUpperCase(), route.path, middleware);
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const req = route.request;
      let body: unknown = undefined;
      if (req?.body) {
        body = await c.req.json().catch(() => {
          throw new DomainError('invalid_input', 'The request body must be JSON');
        });
      }
      // Every part is checked before answering, so the caller sees all problems at once. A NUL
      // (U+0000) is refused wherever it is: PostgreSQL text and jsonb cannot hold one.
      const issues: Issue[] = [];
      const parts = { params: c.req.param(), query: c.req.query(), body } as const;
      for (const [where, value] of Object.entries(parts))
        for (const path of nulPaths(value, where)) issues.push({ path, message: NUL_ISSUE });
      const input = {
        params: check(req?.params, parts.params, 'params', issues),
        query: check(req?.query, parts.query, 'query', issues),
        body: check(req?.body, parts.body, 'body', issues),
      };
      if (issues.length > 0) throw new DomainError('invalid_input', 'The request is not valid', { issues });
      return route.handler(c, input, deps);
    });
  }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** An OpenAPI 3.1 document for the routes (JSON Schema 2020-12, as 3.1 uses). */
export function openApiDocument(routes: readonly ApiRoute[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses = Object.fromEntries(
      Object.entries(r.responses).map(([status, spec]) => [
        status,
        {
          description: spec.description,
          ...(spec.schema
            ? {
                content: {
                  [spec.contentType ?? 'application/json']: { schema: jsonSchema(spec.schema, 'output') },
                },
              }
            : spec.contentType
              ? { content: { [spec.contentType]: { schema: { type: 'string' } } } }
              : {}),
        },
      ]),
    );
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: `${r.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
      parameters: [...parameters(r.request?.params, 'path'), ...parameters(r.request?.query, 'query')],
      ...(r.request?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.request.body, 'input') } },
            },
          }
        : {}),
      ...(r.access === 'public' ? {} : { security: [{ apiKey: [r.access.scope] }] }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (cp_…) created in Admin for a push source, with its scopes.',
        },
      },
      schemas: {
        Error: jsonSchema(errorSchema, 'output'),
      },
    },
  };
}

/** The shape of every error response. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
