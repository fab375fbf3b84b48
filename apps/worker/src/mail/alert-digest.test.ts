import { describe, expect, it } from 'vitest';
import { renderDigest } from './alert-digest.js';

const alert = {
  alertId: 'alr_1',
  kind: 'spike',
  category: 'extreme_right',
  districtName: 'North <Vale> & Co',
  day: '2026-11-20',
  count: 28,
  baseline: 5,
  z: 10.3,
};

describe('alert digest', () => {
  it('names the alert in the subject and links back, with every value escaped in HTML', () => {
    const d = renderDigest('Ana "A" Lyst', [alert], 'https://cp.example.com/');
    expect(d.subject).toBe('Counterpoint alert — Spike: extreme right in North <Vale> & Co');
    expect(d.text).toContain('28 posts on Fri, 20 Nov 2026');
    expect(d.text).toContain('https://cp.example.com/alerts/settings');
    expect(d.html).toContain('North &lt;Vale&gt; &amp; Co');
    expect(d.html).toContain('Ana &quot;A&quot; Lyst');
    expect(d.html).not.toContain('<Vale>');
  });

  it('counts several alerts in one digest', () => {
    const d = renderDigest(
      'Ana',
      [alert, { ...alert, alertId: 'alr_2', districtName: null }],
      'https://cp.example.com',
    );
    expect(d.subject).toBe('Counterpoint: 2 new alerts');
    expect(d.text).toContain('(no district identified)');
  });
});
