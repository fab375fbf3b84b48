import { userInfo } from 'node:os';
import {
  createSource,
  listSources,
  resumeSource,
  setSourceEnabled,
  SOURCE_KINDS,
  type Actor,
  type Source,
} from '@counterpoint/db';
import type { Command } from 'commander';
import { CliError, group, type CliContext } from '../context.js';

export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no user database entry (containers): keep 'unknown'
  }
  return { id: null, label: `cli:${name}` };
}

function when(d: Date | null): string {
  return d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-';
}

export function sourceStatus(
  s: Pick<Source, 'enabled' | 'pausedAt' | 'lastError' | 'lastSuccessAt'>,
): string {
  if (!s.enabled) return 'disabled';
  if (s.pausedAt) return 'paused';
  if (s.lastError) return 'failing';
  return s.lastSuccessAt ? 'ok' : 'new';
}

/** A plain text table: columns padded to their widest cell, the last one left ragged. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function parseInterval(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--interval must be a whole number of minutes, not "${value}"`);
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  const source = group(program, 'source', 'Manage the sources items are collected from');

  source
    .command('add')
    .description('Add a source (a feed, a Mastodon hashtag or account, a push endpoint…)')
    .requiredOption('--kind <kind>', `one of: ${SOURCE_KINDS.join(', ')}`)
    .requiredOption('--name <name>', 'a name people will recognise')
    .option('--url <url>', 'feed address, or Mastodon instance address')
    .option('--query <query>', 'Mastodon hashtag or @account; Jetstream filter')
    .option('--districts <slugs>', 'comma-separated district slugs the source concerns')
    .option('--interval <minutes>', 'minutes between collections (at least 5)', parseInterval)
    .option('--disabled', 'add it switched off')
    .action(
      ctx.action(
        async (opts: {
          kind: string;
          name: string;
          url?: string;
          query?: string;
          districts?: string;
          interval?: number;
          disabled?: boolean;
        }) => {
          const database = await ctx.db();
          const created = await createSource(database.db, cliActor(), {
            kind: opts.kind as Source['kind'],
            name: opts.name,
            url: opts.url ?? null,
            query: opts.query ?? null,
            districts: (opts.districts ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            ...(opts.interval !== undefined ? { intervalMinutes: opts.interval } : {}),
            enabled: !opts.disabled,
          });
          const where = created.districts.map((d) => d.name).join(', ');
          ctx.out(
            `created ${created.id} ${created.kind} "${created.name}" every ${created.intervalMinutes} min` +
              (where ? ` (${where})` : ''),
          );
        },
      ),
    );

  source
    .command('list')
    .description('List sources with their health')
    .option('--json', 'one JSON object per line instead of a table')
    .action(
      ctx.action(async (opts: { json?: boolean }) => {
        const database = await ctx.db();
        const all = await listSources(database.db);
        if (opts.json) {
          for (const s of all) {
            const { etag: _e, lastModified: _l, cursor: _c, config: _cfg, ...shown } = s;
            ctx.out(JSON.stringify({ ...shown, status: sourceStatus(s) }));
          }
          return;
        }
        if (all.length === 0) {
          ctx.out('no sources');
          return;
        }
        const rows = [
          [
            'ID',
            'KIND',
            'NAME',
            'STATUS',
            'EVERY',
            'LAST SUCCESS',
            'FAILS',
            'ITEMS',
            'DISTRICTS',
            'LAST ERROR / PAUSE REASON',
          ],
          ...all.map((s) => [
            s.id,
            s.kind,
            s.name,
            sourceStatus(s),
            `${s.intervalMinutes}m`,
            when(s.lastSuccessAt),
            String(s.consecutiveFailures),
            String(s.itemsSeen),
            s.districts.map((d) => d.slug).join(',') || '-',
            s.pausedReason ?? s.lastError ?? '',
          ]),
        ];
        for (const line of table(rows)) ctx.out(line);
      }),
    );

  for (const [name, description, run] of [
    ['enable', 'Switch a source on', (db, id) => setSourceEnabled(db, cliActor(), id, true)],
    [
      'disable',
      'Switch a source off (it keeps its items)',
      (db, id) => setSourceEnabled(db, cliActor(), id, false),
    ],
    [
      'resume',
      'Resume a paused source and reset its failure count',
      (db, id) => resumeSource(db, cliActor(), id),
    ],
  ] as const satisfies ReadonlyArray<
    readonly [
      string,
      string,
      (db: Awaited<ReturnType<CliContext['db']>>['db'], id: string) => Promise<unknown>,
    ]
  >) {
    source
      .command(`${name} <id>`)
      .description(description)
      .action(
        ctx.action(async (id: string) => {
          const database = await ctx.db();
          await run(database.db, id);
          ctx.out(`${name === 'enable' ? 'enabled' : name === 'disable' ? 'disabled' : 'resumed'} ${id}`);
        }),
      );
  }
}
