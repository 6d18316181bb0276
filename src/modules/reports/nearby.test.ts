import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportScene } from '../../../test/reports-scene.ts';
import { buildEService, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

// Nearby duplicates (issue 15 §6): before sending a report, the open reports of the same service and category within
// 250 m are suggested on the review page, server-rendered; sending stays possible.
let t: TestContext;
let scene: Awaited<ReturnType<typeof buildReportScene>>;

beforeAll(async () => {
  t = await createTestContext();
  scene = await buildReportScene(t);
});
afterAll(async () => t?.close());

describe('nearby duplicates on the review page (issue 15 §6)', () => {
  it('issue 15 §6: suggests open reports of the same category within 250 m; not at 260 m, not another service’s, not another category’s, not closed ones', async () => {
    const other = await buildEService(t.services, scene.metropole, {
      form: REPORT_FORM,
      settings: REPORT_SETTINGS,
      mutualised: true,
    });
    await scene.submit({ description: 'Trou A à 240 mètres', north: 240 });
    await scene.submit({ description: 'Trou B à 260 mètres', north: -260 });
    await scene.submit({ description: 'Trou C d’un autre service', east: 30, slug: other.slug });
    await scene.submit({ description: 'Lampadaire E d’une autre catégorie', east: -30, category: 'eclairage' });
    const closed = await scene.submit({ description: 'Trou D déjà classé', east: 60 });
    await scene.move(closed.requestId, 'classee');

    const { page } = await scene.reviewPage(t.client(), {});
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Est-ce l’un de ces signalements ? Suivez-le plutôt');
    expect(page.body).toContain('Trou A à 240 mètres');
    expect(page.body).toMatch(/à environ 240 m/);
    expect(page.body).toContain('Demande reçue');
    expect(page.body).not.toContain('Trou B');
    expect(page.body).not.toContain('Trou C');
    expect(page.body).not.toContain('Lampadaire E');
    expect(page.body).not.toContain('Trou D');
    // The author of the suggestion is nobody's business.
    expect(page.body).not.toContain('auteur.signalement@example.org');
    // Following is one form per suggestion; sending anyway stays possible.
    expect(page.body).toContain('Suivre ce signalement');
    expect(page.body).toContain('Votre adresse électronique');
    expect(page.body).toContain('Envoyer ma demande');
  });

  it('issue 15 §6: with nothing near, the review page shows no suggestion, only that the report will be public', async () => {
    const far = await scene.reviewPage(t.client(), { category: 'eclairage', north: 400 });
    expect(far.page.body).toContain('Envoyer ma demande');
    expect(far.page.body).not.toContain('Est-ce l’un de ces signalements');
    // Still told, before sending, that the report will be public and what of it never is.
    expect(far.page.body).toContain('Ce signalement sera public');
    expect(far.page.body).toContain('Votre nom et vos coordonnées n’y figurent jamais');
  });
});
