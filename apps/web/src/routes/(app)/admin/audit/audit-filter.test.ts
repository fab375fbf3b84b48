import { describe, expect, it } from 'vitest';
import { filterQuery, readAuditFilter } from './audit-filter.js';

describe('audit viewer filter', () => {
  it('reads a full filter, the end day inclusive', () => {
    const p = readAuditFilter(
      new URLSearchParams(
        'actor=sup@&entityType=identity_reveal&action=identity_reveal&from=2026-11-01&to=2026-11-29&before=120',
      ),
    );
    expect(p.errors).toEqual({});
    expect(p.filter).toMatchObject({
      actor: 'sup@',
      entityType: 'identity_reveal',
      action: 'identity_reveal',
    });
    expect(p.filter.from?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(p.filter.to?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(p.beforeSeq).toBe(120);
  });

  it('names what is wrong instead of guessing', () => {
    const p = readAuditFilter(new URLSearchParams('from=29/11/2026&entityType=DROP TABLE&before=x'));
    expect(Object.keys(p.errors).sort()).toEqual(['before', 'entityType', 'from']);
    expect(readAuditFilter(new URLSearchParams('from=2026-11-29&to=2026-11-01')).errors.to).toMatch(/before/);
  });

  it('writes the filter back without empty values', () => {
    const { values } = readAuditFilter(new URLSearchParams('action=contact.erase'));
    expect(filterQuery(values)).toBe('?action=contact.erase');
    expect(filterQuery(values, { before: '9' })).toBe('?action=contact.erase&before=9');
  });
});
