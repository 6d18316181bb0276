import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gruRequestPath } from '../../src/modules/requests/paths.ts';
import { instanceBase } from '../../src/platform/http/render.tsx';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// A long unbroken word in an answer (a pasted link, a reference) wraps inside the page: neither the citizen's page nor
// the agent's is widened by it; a field's length limit is said beside it, and the browser never cuts a pasted text.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const overflowOf = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('long texts (issue 13 §11)', () => {
  it('wraps a very long word on the citizen’s and the agent’s request pages, and says the limit on the form', async () => {
    const word = `https://exemple.org/${'x'.repeat(1900)}`;
    const context = await e.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    const cookies = await context.cookies();
    const response = await e.t.app.inject({
      method: 'POST',
      url: '/api/services/signaler-un-probleme/requests',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `long-word-${Date.now()}`,
        cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        origin: e.t.services.config.publicUrl,
      },
      payload: JSON.stringify({
        answers: {
          categorie: 'autre',
          description: word,
          lieu: { lat: 45.764, lon: 4.8357 },
          repere: word.slice(0, 190),
        },
        contactEmail: 'citoyen@example.org',
      }),
    });
    expect(response.statusCode).toBe(201);
    const row = await e.t.services.db
      .selectFrom('request')
      .selectAll()
      .where('number', '=', response.json().number)
      .executeTakeFirstOrThrow();
    const holder = await e.t.services.tenants.byId(row.tenant_id);
    if (!holder) throw new Error('no holder');

    await page.goto(`${e.baseUrl}${instanceBase(holder)}/mes-demandes/${row.id}`);
    expect(await page.textContent('main')).toContain('x'.repeat(100));
    expect(await overflowOf(page), 'horizontal overflow on the citizen’s request page').toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await overflowOf(page), 'horizontal overflow at 320 px').toBeLessThanOrEqual(0);

    // The form says the limit beside the field and has no maxlength that would cut a paste.
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.textContent('#champ-description-aide')).toMatch(/2\s000 caractères au plus\./);
    expect(await page.locator('#champ-description').getAttribute('maxlength')).toBeNull();
    await expectNoAxeViolations(page);
    await context.close();

    const agentContext = await e.newContext({ viewport: { width: 1024, height: 800 } });
    const agentPage = await agentContext.newPage();
    const agent = holder.kind === 'metropole' ? 'agent.metropole@example.org' : `agent.${holder.slug}@example.org`;
    await logIn(agentPage, e.baseUrl, agent, instanceBase(holder));
    await agentPage.goto(`${e.baseUrl}${gruRequestPath(holder, row.id)}`);
    expect(await agentPage.textContent('main')).toContain('x'.repeat(100));
    expect(await overflowOf(agentPage), 'horizontal overflow on the agent’s request page').toBeLessThanOrEqual(0);
    await agentContext.close();
  });
});
