import type { AddressInfo } from 'node:net';
import {
  createUser,
  deliveryStates,
  ensureReferenceData,
  recordSpikes,
  saveSubscription,
  SYSTEM_ACTOR,
  type Actor,
} from '@counterpoint/db';
import { insertTestGeography } from '@counterpoint/db/queries/lexicon-fixtures';
import { createTestDatabase, type TestDatabase } from '@counterpoint/db/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverAlerts } from '../../apps/worker/dist/alerts/deliver.js';
import { SafeFetcher } from '../../apps/worker/dist/connectors/safe-fetch.js';
import { silentLogger } from '../../apps/worker/dist/logger.js';
import { createMailer } from '../../apps/worker/dist/mail/mailer.js';

/**
 * The e-mail digest end to end: alerts owed to an e-mail subscription go through nodemailer to a
 * real SMTP server on loopback (smtp-server), one message per subscriber; quiet hours hold it.
 */

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

describe('alert e-mail digest', () => {
  let d: TestDatabase;
  let smtp: SMTPServer;
  let port: number;
  const inbox: Received[] = [];
  let analyst: Actor & { id: string };
  let north: string;

  beforeAll(async () => {
    d = await createTestDatabase();
    await ensureReferenceData(d.db);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    port = (smtp.server.address() as AddressInfo).port;

    const ids = await insertTestGeography(d.db, {
      districts: [{ slug: 'north', name: 'North Vale' }],
      places: [],
    });
    north = ids.get('north')!;
    const u = await createUser(d.db, SYSTEM_ACTOR, {
      email: 'ana@example.com',
      name: 'Ana Lyst',
      role: 'analyst',
      password: 'correct-horse-battery-staple',
    });
    analyst = { id: u.id, label: u.email };
  });

  afterAll(async () => {
    await new Promise<void>((r) => smtp?.close(() => r()));
    await d?.drop();
  });

  it('sends one digest with both alerts to the subscriber, then nothing more', async () => {
    const sub = await saveSubscription(d.db, analyst, {
      category: null,
      districtId: north,
      channel: 'email',
      target: null,
      threshold: 3,
      quietFrom: null,
      quietUntil: null,
      enabled: true,
    });
    await d.db.execute(`update alert_subscriptions set created_at = now() - interval '1 hour'`);
    const today = new Date().toISOString().slice(0, 10);
    await recordSpikes(d.db, [
      { day: today, category: 'extreme_right', districtId: north, count: 28, baseline: 5, z: 10.3 },
      { day: today, category: 'conspiracy', districtId: north, count: 12, baseline: 2, z: 4.4 },
      // Below the subscription's threshold: not sent.
      { day: today, category: 'islamist', districtId: north, count: 9, baseline: 5, z: 1.5 },
    ]);
    const mailer = createMailer({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Counterpoint <alerts@example.com>',
      origin: 'https://cp.example.com',
    })!;
    const deps = {
      db: d.db,
      now: new Date(),
      origin: 'https://cp.example.com',
      mailer,
      fetcher: new SafeFetcher({ allowHosts: ['127.0.0.1'], robots: false }),
      logger: silentLogger(),
    };
    const result = await deliverAlerts(deps);
    expect(result).toMatchObject({ queued: 2, sent: 2, failed: 0, held: 0 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.from).toBe('alerts@example.com');
    expect(inbox[0]!.to).toEqual(['ana@example.com']);
    const raw = inbox[0]!.raw.replace(/=\r?\n/g, '');
    expect(raw).toMatch(/^Subject: Counterpoint: 2 new alerts/m);
    expect(raw).toContain('Spike: extreme right in North Vale');
    expect(raw).toContain('Spike: conspiracy in North Vale');
    expect(raw).not.toContain('islamist');
    expect(raw).toContain('https://cp.example.com/alerts/settings');
    expect((await deliveryStates(d.db, sub)).map((s) => s.status)).toEqual(['sent', 'sent']);

    const again = await deliverAlerts(deps);
    expect(again).toMatchObject({ queued: 0, sent: 0 });
    expect(inbox).toHaveLength(1);
    mailer.close();
  });

  it('holds the digest during quiet hours and sends it when they end', async () => {
    const quietInbox = inbox.length;
    const sub = await saveSubscription(d.db, analyst, {
      category: 'violence',
      districtId: null,
      channel: 'email',
      target: 'night-desk@example.com',
      threshold: 3,
      quietFrom: '22:00',
      quietUntil: '07:00',
      enabled: true,
    });
    await d.db.execute(
      `update alert_subscriptions set created_at = now() - interval '1 hour' where id = '${sub}'`,
    );
    await recordSpikes(d.db, [
      {
        day: new Date().toISOString().slice(0, 10),
        category: 'violence',
        districtId: north,
        count: 15,
        baseline: 1,
        z: 7,
      },
    ]);
    const mailer = createMailer({ SMTP_URL: `smtp://127.0.0.1:${port}`, origin: 'https://cp.example.com' })!;
    const deps = {
      db: d.db,
      origin: 'https://cp.example.com',
      mailer,
      fetcher: new SafeFetcher({ allowHosts: ['127.0.0.1'], robots: false }),
      logger: silentLogger(),
    };
    // 23:30 in London (winter, so UTC): the night desk is quiet; Ana's all-categories North
    // subscription has no quiet hours and gets it at once.
    const night = await deliverAlerts({ ...deps, now: new Date('2026-01-15T23:30:00Z') });
    expect(night).toMatchObject({ held: 1, sent: 1 });
    expect(inbox).toHaveLength(quietInbox + 1);
    expect(inbox.at(-1)!.to).toEqual(['ana@example.com']);
    expect((await deliveryStates(d.db, sub))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    // 07:05: the quiet hours are over and the held alert goes out.
    const morning = await deliverAlerts({ ...deps, now: new Date('2026-01-16T07:05:00Z') });
    expect(morning).toMatchObject({ held: 0, sent: 1 });
    expect(inbox).toHaveLength(quietInbox + 2);
    expect(inbox.at(-1)!.to).toEqual(['night-desk@example.com']);
    expect(inbox.at(-1)!.from).toBe('counterpoint@cp.example.com');
    mailer.close();
  });
});
