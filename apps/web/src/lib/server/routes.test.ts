import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTIONS } from '@counterpoint/core';
import { describe, expect, it } from 'vitest';
import { FORM_ACTION_RULES, ROUTE_RULES, formActionKey } from './routes.js';

const ROUTES_DIR = fileURLToPath(new URL('../../routes', import.meta.url));
const ROUTE_FILES = ['+page.svelte', '+page.server.ts', '+page.ts', '+server.ts'];

/** Every SvelteKit route id under src/routes, with its +page.server.ts when there is one. */
function walk(dir: string, found: Array<{ id: string; server?: string }> = []) {
  const entries = readdirSync(dir);
  if (entries.some((e) => ROUTE_FILES.includes(e))) {
    const rel = relative(ROUTES_DIR, dir).split(sep).filter(Boolean).join('/');
    found.push({
      id: `/${rel}`,
      server: entries.includes('+page.server.ts') ? join(dir, '+page.server.ts') : undefined,
    });
  }
  for (const e of entries) if (statSync(join(dir, e)).isDirectory()) walk(join(dir, e), found);
  return found;
}

const routes = walk(ROUTES_DIR);

/**
 * The keys of `export const actions = { … }`, read from the source (importing the module would
 * need SvelteKit's virtual modules). Prettier keeps each key at two spaces' indentation.
 */
function actionNames(source: string): string[] {
  const start = source.indexOf('export const actions');
  if (start < 0) return [];
  const body = source.slice(start, source.indexOf('\n};', start));
  return [...body.matchAll(/^ {2}(?:async )?(\w+)\s*[:(]/gm)].map((m) => m[1]!);
}

describe('the permission table', () => {
  it('finds the routes', () => {
    expect(routes.map((r) => r.id)).toContain('/(app)/admin');
    expect(routes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(routes.map((r) => r.id))('has a rule for route %s', (id) => {
    expect(ROUTE_RULES[id], `add "${id}" to ROUTE_RULES in routes.ts`).toBeDefined();
  });

  it('has no rules for routes that no longer exist', () => {
    const ids = new Set(routes.map((r) => r.id));
    for (const id of Object.keys(ROUTE_RULES)) expect(ids.has(id), `stale rule ${id}`).toBe(true);
    for (const key of Object.keys(FORM_ACTION_RULES)) {
      expect(ids.has(key.split('?/')[0]!), `stale form action rule ${key}`).toBe(true);
    }
  });

  it('names only known actions', () => {
    const known = new Set<string>([...ACTIONS, 'public', 'signed-in']);
    for (const r of Object.values(ROUTE_RULES)) expect(known.has(r.rule)).toBe(true);
    for (const r of Object.values(FORM_ACTION_RULES)) expect(known.has(r)).toBe(true);
  });

  it('has a rule for every form action', () => {
    let checked = 0;
    for (const r of routes) {
      if (!r.server) continue;
      for (const name of actionNames(readFileSync(r.server, 'utf8'))) {
        checked++;
        const key = formActionKey(r.id, name);
        expect(FORM_ACTION_RULES[key], `add "${key}" to FORM_ACTION_RULES in routes.ts`).toBeDefined();
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
