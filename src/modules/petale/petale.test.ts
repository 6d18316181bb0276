import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../platform/clock.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { buildEService } from '../../../test/requests-factories.ts';
import { configurePetale } from './configure-petale.ts';
import { acceptConsent } from './petale-consent.ts';
import { addPetaleDocument, expiryOf } from './petale-documents.ts';
import { DEFAULT_PETALE_SLUG, petaleSetting } from './petale-setting.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ').replace(/&#39;|&rsquo;/g, '’');

describe('the pétale space (G9)', () => {
  it('is Lyon’s until the operators choose another commune', async () => {
    const setting = await petaleSetting(t.services);
    expect(setting?.commune.slug).toBe(DEFAULT_PETALE_SLUG);
    expect(expiryOf(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });

  it('keeps a citizen’s documents for them alone, in one commune, with its consent and keeping time', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    const operator = await buildOperator(t.services);
    const desk = await t.signedIn(operator.email, operator.password);
    await desk.get('/admin/petale');
    const bad = await desk.post('/admin/petale', { commune: commune.id, consentText: 'court', retentionMonths: '99' });
    expect(bad.statusCode).toBe(422);
    expect(plain(bad.body)).toContain('au moins 20 caractères');
    expect(plain(bad.body)).toContain('de 1 à 60 mois');
    const text = 'J’accepte que la commune garde mes documents pour mes démarches auprès d’elle.';
    expect(
      (await desk.post('/admin/petale', { commune: commune.id, consentText: text, retentionMonths: '2' })).statusCode,
    ).toBe(303);

    const camille = await buildUser(t.services);
    const dominique = await buildUser(t.services);
    const agent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const base = `/c/${commune.slug}/petale`;
    const browser = await t.signedIn(camille.email, camille.password);

    // Consent first: the page shows the operators' text; nothing is deposited before it is accepted.
    const consentPage = await browser.get(base);
    expect(plain(consentPage.body)).toContain(text);
    const unticked = await browser.post(`${base}/consentement`, {});
    expect(unticked.statusCode).toBe(422);
    expect(plain(unticked.body)).toContain('Cochez la case');
    expect((await browser.post(`${base}/consentement`, { accept: 'oui' })).statusCode).toBe(303);

    await browser.get(base);
    const wrongType = await browser.postMultipart(
      `${base}/documents`,
      { label: 'Facture' },
      { file: { filename: 'facture.pdf', contentType: 'application/pdf', bytes: Buffer.from('texte simple') } },
    );
    expect(wrongType.statusCode).toBe(422);
    expect(plain(wrongType.body)).toContain('Ce type de fichier n’est pas accepté');
    const deposited = await browser.postMultipart(
      `${base}/documents`,
      { label: 'Justificatif de domicile' },
      { file: { filename: 'domicile.pdf', contentType: 'application/pdf', bytes: PDF } },
    );
    expect(deposited.statusCode).toBe(303);
    const spacePage = await browser.get(base);
    expect(spacePage.body).toContain('Justificatif de domicile');
    const link = /href="([^"]*\/petale\/documents\/[0-9a-f-]{36})"/.exec(spacePage.body)?.[1] ?? '';
    expect((await browser.get(link)).rawPayload.equals(PDF)).toBe(true);

    // Nobody else reaches it: another citizen, the commune's agent, another commune's instance.
    expect((await (await t.signedIn(dominique.email, dominique.password)).get(link)).statusCode).toBe(404);
    expect((await (await t.signedIn(agent.email, agent.password)).get(link)).statusCode).toBe(404);
    expect((await browser.get(`/c/${other.slug}/petale`)).statusCode).toBe(404);
    expect((await browser.get(link.replace(commune.slug, other.slug))).statusCode).toBe(404);
    // Row-level security: another tenant's scope sees no pétale row at all.
    const seenFromOther = await withTenant(t.services.db, other.id, (trx) =>
      trx.selectFrom('petale_document').select('id').execute(),
    );
    expect(seenFromOther).toHaveLength(0);

    // A new consent text is a new version: the citizen accepts it again before depositing.
    await desk.get('/admin/petale');
    await desk.post('/admin/petale', { commune: commune.id, consentText: `${text} Version 2.`, retentionMonths: '2' });
    const again = await browser.get(base);
    expect(plain(again.body)).toContain('Les conditions de l’espace ont changé');
    await browser.post(`${base}/consentement`, { accept: 'oui' });

    // The keeping time: two months on, the hourly sweep erases the document.
    t.clock.advance(62 * DAY);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    const later = await t.signedIn(camille.email, camille.password);
    const emptied = await later.get(base);
    expect(emptied.body).not.toContain('Justificatif de domicile');
    expect(plain(emptied.body)).toContain('Aucun document');

    // Withdrawing the consent erases everything at once.
    await later.postMultipart(
      `${base}/documents`,
      { label: 'Attestation' },
      { file: { filename: 'attestation.pdf', contentType: 'application/pdf', bytes: PDF } },
    );
    expect((await later.get(base)).body).toContain('Attestation');
    expect((await later.post(`${base}/retrait`, {})).statusCode).toBe(303);
    const rows = await withTenant(t.services.db, commune.id, (trx) =>
      trx.selectFrom('petale_document').select('id').where('user_id', '=', camille.id).execute(),
    );
    expect(rows).toHaveLength(0);
    expect(plain((await later.get(base)).body)).toContain('J’ai lu ces conditions');
  });

  it('lets a citizen pick a pétale document for a file field of that commune’s forms, and only that commune’s', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    await configurePetale(t.services, {
      current: await petaleSetting(t.services),
      commune,
      consentText: 'J’accepte que la commune garde mes documents pour mes démarches auprès d’elle.',
      retentionMonths: 12,
      actor: SYSTEM_ACTOR,
    });
    const setting = await petaleSetting(t.services);
    if (!setting) throw new Error('no pétale');
    const citizen = await buildUser(t.services);
    await acceptConsent(t.services, { setting, userId: citizen.id, actor: SYSTEM_ACTOR });
    await addPetaleDocument(t.services, {
      setting,
      userId: citizen.id,
      label: 'Justificatif de domicile',
      upload: { filename: 'domicile.pdf', bytes: PDF, truncated: false },
      actor: SYSTEM_ACTOR,
    });
    const form = {
      title: 'Demande',
      fields: [{ type: 'file' as const, key: 'piece', label: 'Justificatif', accept: ['pdf' as const] }],
    };
    const settings = {
      office: { name: 'Accueil de la mairie', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' as const },
    };
    const service = await buildEService(t.services, commune, { access: 'account', form, settings });
    const elsewhere = await buildEService(t.services, other, { access: 'account', form, settings });
    const client = await t.signedIn(citizen.email, citizen.password);

    const base = `/c/${commune.slug}`;
    const started = await client.post(`${base}/demarches/${service.slug}/commencer`, {});
    const step = String(started.headers.location);
    const page = await client.get(step);
    expect(plain(page.body)).toContain('prendre un document de mon espace personnel');
    const id = /<option value="([0-9a-f-]{36})">Justificatif de domicile/.exec(page.body)?.[1] ?? '';
    const sent = await client.post(step, { 'piece.espace': id, _action: 'continuer' });
    expect(sent.statusCode).toBe(303);
    const draftId = /\/brouillons\/([0-9a-f-]{36})\//.exec(step)?.[1] ?? '';
    const draft = await t.services.db
      .selectFrom('request_draft')
      .select('answers')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    const fileId = (draft.answers as Record<string, { fileId: string }>).piece?.fileId ?? '';
    const stored = await t.services.db
      .selectFrom('stored_file')
      .select(['sha256', 'tenant_id'])
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    // A copy of the document in the request's tenant: the pétale keeps its own under its own keeping time.
    expect(stored.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(stored.tenant_id).toBe(commune.id);

    // Another commune's form offers nothing of the pétale.
    const otherStart = await client.post(`/c/${other.slug}/demarches/${elsewhere.slug}/commencer`, {});
    const otherPage = await client.get(String(otherStart.headers.location));
    expect(otherPage.body).not.toContain('piece.espace');
  });
});
