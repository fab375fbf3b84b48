import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('configuration', () => {
  it('runs embedded when neither DATABASE_URL nor REDIS_URL is set', () => {
    const c = parseConfig({});
    expect(c.mode).toBe('embedded');
    expect(c.PORT).toBe(3000);
    expect(c.origin).toBe('http://localhost:3000');
  });

  it('lists every bad variable at once', () => {
    let message = '';
    try {
      parseConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/REDIS_URL/);
  });

  it('requires secrets in production mode', () => {
    expect(() =>
      parseConfig({ DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost:6379' }),
    ).toThrow(/AUTH_SECRET[\s\S]*PSEUDONYM_SECRET[\s\S]*IDENTITY_KEY/);
  });

  it('takes a mail sender with or without a name and refuses anything else', () => {
    expect(parseConfig({ MAIL_FROM: 'Counterpoint <alerts@example.org>' }).MAIL_FROM).toBe(
      'Counterpoint <alerts@example.org>',
    );
    expect(parseConfig({ MAIL_FROM: 'alerts@example.org' }).MAIL_FROM).toBe('alerts@example.org');
    expect(() => parseConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
    expect(() => parseConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
  });

  it('bounds each web request at 30 s unless told otherwise, within 1 s to 10 minutes', () => {
    expect(parseConfig({}).FETCH_TIMEOUT_SECONDS).toBe(30);
    expect(parseConfig({ FETCH_TIMEOUT_SECONDS: '8' }).FETCH_TIMEOUT_SECONDS).toBe(8);
    for (const bad of ['0', '601', 'soon', '2.5'])
      expect(() => parseConfig({ FETCH_TIMEOUT_SECONDS: bad })).toThrow(/FETCH_TIMEOUT_SECONDS/);
  });
});
