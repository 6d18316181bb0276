import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// Issue 23: the home pages as a newcomer meets them — axe at a phone's width and a desktop's, the search by keyboard,
// the weight of the metropolis's home page, and screenshots compared with the committed baselines.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

const PHONE = { width: 375, height: 667 };
const DESKTOP = { width: 1280, height: 800 };
const BASELINES = path.join(import.meta.dirname, 'baselines');
/** Page weight budget of the metropolis's home page, everything it loads (issue 23 §3). */
const HOME_BUDGET_BYTES = 150 * 1024;
/** Share of pixels allowed to differ from a baseline (text anti-aliasing); pixelmatch's own threshold per pixel. */
const PIXEL_TOLERANCE = 0.005;

/**
 * The page still: fonts in, reduced motion, and the screenshot stops animations and hides the caret (the clock and
 * the demo data are already fixed). The CSP forbids injecting a style, and nothing needs it.
 */
async function settle(page: Page): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

async function compareWithBaseline(page: Page, name: string): Promise<void> {
  await settle(page);
  const shot = PNG.sync.read(await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' }));
  const file = path.join(BASELINES, `${name}.png`);
  if (!existsSync(file) || process.env.UPDATE_BASELINES === '1') {
    await mkdir(BASELINES, { recursive: true });
    await writeFile(file, PNG.sync.write(shot));
    console.log(`baseline written: ${path.relative(process.cwd(), file)} (${shot.width}×${shot.height})`);
    return;
  }
  const baseline = PNG.sync.read(await readFile(file));
  expect(`${shot.width}×${shot.height}`, `size of ${name} against its baseline`).toBe(
    `${baseline.width}×${baseline.height}`,
  );
  const diff = new PNG({ width: shot.width, height: shot.height });
  const differing = pixelmatch(baseline.data, shot.data, diff.data, shot.width, shot.height, { threshold: 0.1 });
  const share = differing / (shot.width * shot.height);
  if (share > PIXEL_TOLERANCE) {
    const diffFile = path.join(BASELINES, `${name}.diff.png`);
    await writeFile(diffFile, PNG.sync.write(diff));
    console.log(`${name}: ${differing} pixels differ, diff in ${diffFile}`);
  }
  expect(share, `share of pixels of ${name} that differ from its baseline`).toBeLessThanOrEqual(PIXEL_TOLERANCE);
}

describe('the home pages (issue 23)', () => {
  it('finds no axe violation on the changed pages, at a phone’s width and a desktop’s', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const visitor = await e.newContext({ viewport });
      const page = await visitor.newPage();
      // Partenaire, Abonné and Connecté communes, and a page not found (which offers a search).
      for (const p of ['/', '/c/givors/', '/c/venissieux/', '/c/rillieux-la-pape/', '/c/givors/nulle-part']) {
        await page.goto(`${e.baseUrl}${p}`);
        await expectNoAxeViolations(page);
      }
      await visitor.close();
      // A citizen's pending actions, and an administrator's contact form.
      const citizen = await e.newContext({ viewport });
      const citizenPage = await citizen.newPage();
      await logIn(citizenPage, e.baseUrl, 'citoyen@example.org');
      await citizenPage.goto(`${e.baseUrl}/`);
      expect(await citizenPage.textContent('#titre-actions')).toContain('Mes actions en attente');
      await expectNoAxeViolations(citizenPage);
      await citizen.close();
      const admin = await e.newContext({ viewport });
      const adminPage = await admin.newPage();
      await logIn(adminPage, e.baseUrl, 'admin.givors@example.org', '/c/givors');
      await adminPage.goto(`${e.baseUrl}/c/givors/admin/coordonnees`);
      await expectNoAxeViolations(adminPage);
      // The commune's news, and its form sent empty (nothing is published: the baselines below stay true).
      await adminPage.goto(`${e.baseUrl}/c/givors/admin/actualites-commune`);
      await expectNoAxeViolations(adminPage);
      await adminPage.getByRole('button', { name: 'Publier' }).click();
      await adminPage.waitForSelector('.error-summary, [role="alert"]');
      await expectNoAxeViolations(adminPage);
      await admin.close();
    }
  });

  it('searches from the home page by keyboard alone: skip link, search field, Enter', async () => {
    const context = await e.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type('composteur');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/demarches\?q=composteur/);
    expect(await page.textContent('main')).toContain('Demander un composteur individuel');
    await context.close();
  });

  it('weighs less than 150 kB, everything the metropolis’s home page loads included', async () => {
    const context = await e.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const sizes = new Map<string, number>();
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
    cdp.on('Network.loadingFinished', (event) => sizes.set(event.requestId, event.encodedDataLength));
    await page.goto(`${e.baseUrl}/`, { waitUntil: 'networkidle' });
    await settle(page);
    const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
    const detail = [...sizes].map(([id, bytes]) => `${urls.get(id)?.replace(e.baseUrl, '')} ${bytes}`).join(', ');
    console.log(`home page weight: ${total} bytes (${(total / 1024).toFixed(1)} kB) — ${detail}`);
    expect(sizes.size).toBeGreaterThan(3);
    expect(total).toBeLessThan(HOME_BUDGET_BYTES);
    await context.close();
  });

  it('looks as its baselines do, the metropolis’s and a commune’s, on a desktop and a phone', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await e.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${e.baseUrl}/`);
      await compareWithBaseline(page, `home-metropole-${name}`);
      await page.goto(`${e.baseUrl}/c/givors/`);
      await compareWithBaseline(page, `home-givors-${name}`);
      await context.close();
    }
  });
});
