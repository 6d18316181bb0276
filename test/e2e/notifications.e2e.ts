import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The bell in a real browser (issue 23 §4, §6): the demo citizen's unread count in the header, the list read on view,
// the channels per kind; the Metropolis's agent's own bell. axe on each page, desktop and 375 px; the main action by
// keyboard; the list without JavaScript.
vi.setConfig({ testTimeout: 180_000 });
const SLOW = { timeout: 20_000 };
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

/** Presses Tab until the focused element's text is `text` (a link or a button), then Enter. */
async function pressOn(page: Page, text: RegExp): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (text.test(focused)) return page.keyboard.press('Enter');
  }
  throw new Error(`focus never reached ${text}`);
}

const bell = (page: Page) => page.locator('a.notifications-link').textContent();

describe('in-app notifications (issue 23 §4)', () => {
  it('the citizen reads their notifications and chooses their channels with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    // The demo's requests moved steps and their services wrote: news, counted in words.
    await expect.poll(() => bell(page), SLOW).toMatch(/^Notifications \(\d+ non lues\)$/);
    const unread = Number(/\d+/.exec((await bell(page)) ?? '')?.[0]);
    await expectNoAxeViolations(page);

    await pressOn(page, /^Notifications \(\d+ non lues\)$/);
    await page.waitForURL(/\/notifications$/);
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Nouveau message au sujet');
    expect(await page.locator('.notification__new').count()).toBe(unread);
    // Viewed: read, and the header says so.
    expect(await bell(page)).toBe('Notifications');
    await expectNoAxeViolations(page);

    await pressOn(page, /^Choisir comment être prévenu$/);
    await page.waitForURL(/\/notifications\/preferences$/);
    await expectNoAxeViolations(page);
    const messagesByMail = page.getByRole('group', { name: 'Messages' }).getByLabel('Par courriel');
    expect(await messagesByMail.isChecked()).toBe(true);
    for (let i = 0; i < 60 && !(await messagesByMail.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await pressOn(page, /^Enregistrer mes choix de notification$/);
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('préférences de notification sont');
    expect(await page.getByRole('group', { name: 'Messages' }).getByLabel('Par courriel').isChecked()).toBe(false);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('shows the pages on a 375 px screen, and the list without JavaScript, without an accessibility fault', async () => {
    const narrow = await e.newContext({ viewport: { width: 375, height: 800 } });
    const page = await narrow.newPage();
    await logIn(page, e.baseUrl, 'agent.metropole@example.org');
    await expect.poll(() => bell(page), SLOW).toMatch(/^Notifications \(1 non lue\)$/);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/notifications`);
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('attend une suite');
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/notifications/preferences`);
    await expectNoAxeViolations(page);
    // The agents' preferences page draws the same choices.
    await page.goto(`${e.baseUrl}/gru/preferences`);
    expect(await page.getByRole('group', { name: 'Échéances' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await narrow.close();

    const noScript = await e.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await logIn(plain, e.baseUrl, 'agent.metropole@example.org');
    await plain.goto(`${e.baseUrl}/notifications`);
    expect(await plain.locator('main').textContent()).toContain('attend une suite');
    await noScript.close();
  });
});
