import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo } from '../../../src/demo/seed-demo.ts';
import { freePort } from '../../identity/identity-server.ts';
import { createTestContext, type TestContext, type TestContextOptions } from '../../support/test-context.ts';

export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach Google, which this network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type E2E = {
  t: TestContext;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (cookies of its own); close it at the end of the test. */
  newContext(options?: {
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
  }): Promise<BrowserContext>;
  close(): Promise<void>;
};

/**
 * The real application on a real port, with the demo data, and Debian's Chromium. With `publicUrl`, the port is chosen
 * first and PUBLIC_URL is that address (the OpenID Connect issuer must be the URL the browser uses); the function
 * returns more settings that depend on it (a fake partner registering our callback).
 */
export async function startE2E(
  options: TestContextOptions & { publicUrl?: (baseUrl: string) => Promise<Record<string, string>> } = {},
): Promise<E2E> {
  let port = 0;
  let env = options.env;
  if (options.publicUrl) {
    port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    env = { ...env, PUBLIC_URL: url, ...(await options.publicUrl(url)) };
  }
  const t = await createTestContext({ ...options, ...(env ? { env } : {}) });
  await seedDemo(t.services, t.services.config);
  await t.app.listen({ port, host: '127.0.0.1' });
  const address = t.app.server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    t,
    baseUrl: `http://127.0.0.1:${listening}`,
    browser,
    newContext: (contextOptions = {}) => browser.newContext({ locale: 'fr-FR', ...contextOptions }),
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** axe-core with the WCAG 2.1 A and AA rules: zero violations, or the test fails naming each one. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export const DEMO_PASSWORD = 'Communs-demo-2026';

/** Logs in through the form, as a person would. */
export async function logIn(page: Page, baseUrl: string, email: string, path = ''): Promise<void> {
  await page.goto(`${baseUrl}${path}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/compte$/);
}

/** The demo's report (« Signaler un problème »): its first page filled and sent, the browser on the place's page. */
export async function reportUpToPlace(
  page: Page,
  baseUrl: string,
  category: string,
  description: string,
): Promise<void> {
  await page.goto(`${baseUrl}/demarches/signaler-un-probleme`);
  await page.getByRole('button', { name: /Commencer/ }).click();
  await page.waitForURL(/etapes\/1$/);
  await page.locator(`input[name="categorie"][value="${category}"]`).check();
  await page.locator('textarea[name="description"]').fill(description);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.waitForURL(/etapes\/2$/);
}

/** What a keyboard user's focus is on: the element's tag, id, name attribute, value, text and class. */
export type FocusedElement = {
  tag: string;
  id: string;
  name: string | null;
  value: string;
  text: string;
  className: string;
};

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
export async function tabTo(page: Page, matches: (el: FocusedElement) => boolean): Promise<void> {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        id: a?.id ?? '',
        name: a?.getAttribute('name') ?? null,
        value: a?.value ?? '',
        text: a?.textContent?.trim() ?? '',
        className: a?.className ?? '',
      };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the expected element');
}
