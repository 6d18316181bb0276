import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { publishEService } from './publish-eservice.ts';

// A French search, accent- and typo-tolerant, over every provider's services, each shown with its provider.
let t: TestContext;
let civil: Awaited<ReturnType<typeof buildEService>>;
let lighting: Awaited<ReturnType<typeof buildEService>>;
let ecullyService: Awaited<ReturnType<typeof buildEService>>;

const OWNER_SETTINGS = {
  office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
  legal: { kind: 'demande' as const, silence: 'acceptance' as const, delay: { months: 2 } },
};

beforeAll(async () => {
  t = await createTestContext();
  const givors = await t.services.tenants.bySlug('givors');
  const ecully = await t.services.tenants.bySlug('ecully');
  const metropole = await t.services.tenants.metropole();
  if (!givors || !ecully) throw new Error('seeded communes missing');
  civil = await buildEService(t.services, givors, {
    form: REPORT_FORM,
    settings: OWNER_SETTINGS,
    title: "Demander un acte d'état civil",
    keywords: ['naissance', 'mariage'],
    themes: ['État civil'],
  });
  lighting = await buildEService(t.services, metropole, {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    title: 'Signaler un éclairage public en panne',
    keywords: ['lampadaire'],
    themes: ['Espace public'],
  });
  ecullyService = await buildEService(t.services, ecully, {
    form: REPORT_FORM,
    settings: OWNER_SETTINGS,
    title: 'Réserver une salle municipale',
    keywords: ['salle', 'location'],
  });
});
afterAll(async () => t.close());

const slugsFor = async (q: string) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/services?q=${encodeURIComponent(q)}` });
  expect(response.statusCode).toBe(200);
  return (response.json().services as Array<{ slug: string }>).map((s) => s.slug);
};

describe('search (T1)', () => {
  it('finds "etat civile" (accents, French stemming), "ecully" (the provider, and the mutualised services covering it), "eclairrage" (a typo)', async () => {
    expect((await slugsFor('etat civile'))[0]).toBe(civil.slug);
    const ecully = await slugsFor('ecully');
    expect(ecully[0]).toBe(ecullyService.slug);
    expect(ecully).toContain(lighting.slug);
    expect(await slugsFor('eclairage')).toContain(lighting.slug);
    expect(await slugsFor('eclairrage')).toContain(lighting.slug);
    expect(await slugsFor('LAMPADAIRES')).toContain(lighting.slug);
    expect(await slugsFor('zzzzqqqq')).toEqual([]);
  });

  it('returns each service with its provider in the JSON API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/services?q=etat%20civil' });
    const found = response.json().services.find((s: { slug: string }) => s.slug === civil.slug);
    expect(found.provider).toMatchObject({ slug: 'givors', name: 'Givors', kind: 'commune' });
    expect(found.requestsUrl).toMatch(new RegExp(`/c/givors/api/services/${civil.slug}/requests$`));
  });

  it('shows the provider on the results page and on the service page, and sends the metropolis portal to the provider’s instance', async () => {
    const results = await t.app.inject({ method: 'GET', url: '/demarches?q=etat+civile' });
    expect(results.body).toContain(`/c/givors/demarches/${civil.slug}`);
    expect(results.body).toMatch(/Proposé par <\/span><strong class="provider__name">Givors<\/strong>/);
    const redirect = await t.app.inject({ method: 'GET', url: `/demarches/${civil.slug}` });
    expect(redirect.headers.location).toBe(`/c/givors/demarches/${civil.slug}`);
    const page = await t.app.inject({ method: 'GET', url: `/c/givors/demarches/${civil.slug}` });
    expect(page.body).toContain('<strong class="provider__name">Givors</strong>');
    expect((await t.app.inject({ method: 'GET', url: `/c/venissieux/demarches/${civil.slug}` })).statusCode).toBe(404);
  });

  it('offers the themes of the published services as a filter, a newly published one at once', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/demarches' });
    expect(before.body).toContain('<option value="État civil">');
    expect(before.body).not.toContain('Jeunesse et loisirs');
    const metropole = await t.services.tenants.metropole();
    await buildEService(t.services, metropole, {
      form: REPORT_FORM,
      settings: OWNER_SETTINGS,
      title: 'S’inscrire au centre de loisirs',
      themes: ['Jeunesse et loisirs'],
    });
    const after = await t.app.inject({ method: 'GET', url: '/demarches' });
    expect(after.body).toContain('<option value="Jeunesse et loisirs">');
  });
});

describe('form versions (DESIGN invariant 4)', () => {
  it('publishes a new frozen version only when the form changes; a published version cannot be modified', async () => {
    const metropole = await t.services.tenants.metropole();
    const options = {
      provider: metropole,
      actor: SYSTEM_ACTOR,
      slug: lighting.slug,
      title: 'Signaler un éclairage public en panne',
      summary: 's',
      description: 'd',
      themes: [],
      keywords: [],
      access: 'anonymous' as const,
      mutualised: true,
      settings: REPORT_SETTINGS,
      form: REPORT_FORM,
    };
    const same = await publishEService(t.services, options);
    expect(same.newVersion).toBe(false);
    expect(same.formVersionId).toBe(lighting.formVersionId);
    const changed = await publishEService(t.services, {
      ...options,
      form: { ...REPORT_FORM, title: 'Le problème constaté' },
    });
    expect(changed.newVersion).toBe(true);
    const versions = await t.services.db
      .selectFrom('form_version')
      .select(['version', 'published_at'])
      .where('eservice_id', '=', lighting.eservice.id)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    await expect(
      sql`UPDATE form_version SET definition = '{}' WHERE id = ${lighting.formVersionId}`.execute(t.services.db),
    ).rejects.toThrow(/figée/);
  });

  it('refuses an invalid definition with a message naming the problem', async () => {
    const metropole = await t.services.tenants.metropole();
    await expect(
      publishEService(t.services, {
        provider: metropole,
        actor: SYSTEM_ACTOR,
        slug: 'definition-invalide',
        title: 'x',
        summary: 'x',
        description: 'x',
        themes: [],
        keywords: [],
        access: 'anonymous',
        settings: OWNER_SETTINGS,
        form: {
          title: 'x',
          fields: [
            { type: 'text', key: 'a', label: 'A', condition: { field: 'b', equals: 'x' } },
            { type: 'text', key: 'b', label: 'B' },
          ],
        },
      }),
    ).rejects.toThrow(/pas un champ placé avant/);
  });
});
