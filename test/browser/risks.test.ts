import { addCalendarDays, londonDay } from '@counterpoint/core';
import { describe, expect, it } from 'vitest';
import { waitForHydration } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';

const suite = browserSuite({ viewport: { width: 1440, height: 900 } });
const { signIn, open } = suite;

describe('risk register in the browser', () => {
  it('a supervisor records a risk with an overdue plan action; the register, the matrix and the risk page show it', async () => {
    const yesterday = addCalendarDays(londonDay(new Date()), -1);
    const p = await signIn('supervisor');
    await open(p, '/risks');
    await p.getByRole('link', { name: 'New risk' }).click();
    await p.waitForURL(`${suite.server.url}/risks/new`);
    await waitForHydration(p);
    await p.getByLabel('Risk', { exact: true }).fill('Leaflets targeting the mosque on Quay Street');
    await p
      .getByLabel('Description')
      .fill('Far-right leaflets found twice near the mosque; worshippers feel watched.');
    await p.getByRole('radio', { name: '4 · Likely' }).check();
    await p.getByRole('radio', { name: '5 · Severe' }).check();
    // The rating follows the choice before anything is saved.
    await expect.poll(() => p.getByText('Very high', { exact: true }).count()).toBe(1);
    await p.getByRole('button', { name: 'Add risk' }).click();
    await p.waitForURL(/\/risks\/[a-z]+_[^/?]+\?created=1$/);
    await waitForHydration(p);
    const riskUrl = p.url().replace(/\?.*$/, '');
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Leaflets targeting the mosque on Quay Street',
    );

    await p.getByLabel('New action').fill('Ask the council to remove the leaflets and check CCTV');
    await p.getByLabel('Due', { exact: true }).fill(yesterday);
    await p.getByRole('button', { name: 'Add action' }).click();
    const row = p.getByTestId('plan-action').filter({ hasText: 'Ask the council to remove the leaflets' });
    await row.waitFor();
    expect(await row.getByText('Overdue', { exact: true }).isVisible()).toBe(true);
    expect(await row.getAttribute('class')).toMatch(/\blate\b/);
    expect(await p.getByRole('note').textContent()).toMatch(/1 plan action is past\s+its due date/);

    // The register: the row stands out, the overdue list names the action, the matrix counts it.
    await open(p, '/risks');
    const registerRow = p.getByRole('row').filter({ hasText: 'Leaflets targeting the mosque' });
    expect(await registerRow.getByText('1 overdue').isVisible()).toBe(true);
    expect(await registerRow.getAttribute('class')).toMatch(/\blate\b/);
    expect(await registerRow.getByText('Very high').isVisible()).toBe(true);
    const overdueCard = p.locator('section', {
      has: p.getByRole('heading', { name: 'Overdue plan actions' }),
    });
    expect(
      await overdueCard.getByText('Ask the council to remove the leaflets and check CCTV').isVisible(),
    ).toBe(true);
    await p.getByRole('link', { name: '1 risk rated likelihood 4, impact 5' }).click();
    await p.waitForURL(/\/risks\?l=4&i=5$/);
    await waitForHydration(p);
    expect(await p.getByRole('row').filter({ hasText: 'Leaflets targeting the mosque' }).count()).toBe(1);
    expect(await p.getByText('Cell L4 × I5').isVisible()).toBe(true);

    // Finishing the action clears the flag on the risk's page and in the register.
    await open(p, riskUrl.replace(suite.server.url, ''));
    await p
      .getByLabel('Status of “Ask the council to remove the leaflets and check CCTV”')
      .selectOption('done');
    await p.getByTestId('plan-action').getByRole('button', { name: 'Save' }).click();
    await p.getByText('Plan action updated.').waitFor();
    expect(await p.getByTestId('plan-action').getByText('Overdue', { exact: true }).count()).toBe(0);
    await open(p, '/risks');
    expect(
      await p
        .getByRole('row')
        .filter({ hasText: 'Leaflets targeting the mosque' })
        .getByText('overdue')
        .count(),
    ).toBe(0);
  }, 90_000);

  it('an analyst reads the register without the editing controls; a board viewer is refused', async () => {
    const analyst = await signIn('analyst');
    const res = await open(analyst, '/risks');
    expect(res?.status()).toBe(200);
    expect(await analyst.getByRole('link', { name: 'New risk' }).count()).toBe(0);
    expect(await analyst.getByRole('link', { name: 'Risks', exact: true }).count()).toBe(1);
    await analyst.close();
    await suite.browser.context.clearCookies();

    const board = await signIn('board_viewer');
    for (const path of ['/risks', '/spaces', '/risks/new', '/spaces/new']) {
      const refused = await board.goto(`${suite.server.url}${path}`);
      expect(refused?.status(), path).toBe(403);
    }
    expect(await board.getByRole('link', { name: 'Risks', exact: true }).count()).toBe(0);
  }, 60_000);
});
