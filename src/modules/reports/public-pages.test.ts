import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { updateSubscriptions } from '../tenants/index.ts';
import { buildReportScene } from '../../../test/reports-scene.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { loadFormVersion } from '../forms/index.ts';
import { submitValidRequest } from '../requests/index.ts';

// The public list, map data and report pages (issue 15 §6): what a neighbour sees of a report, never who made it.
let t: TestContext;
let scene: Awaited<ReturnType<typeof buildReportScene>>;

beforeAll(async () => {
  t = await createTestContext();
  scene = await buildReportScene(t);
});
afterAll(async () => t?.close());

describe('public pages of reports (issue 15 §6)', () => {
  it('issue 15 §6: the list, the commune’s list, the GeoJSON and the report page show the report without its author’s name, e-mail or phone', async () => {
    const author = await buildUser(t.services, { name: 'Dominique Signaleur' });
    const submitted = await submitValidRequest(t.services, {
      eservice: scene.service.eservice,
      provider: scene.metropole,
      form: await loadFormVersion(t.services.db, scene.service.formVersionId),
      answers: {
        categorie: 'voirie',
        description: 'Barrière de chantier renversée sur la piste cyclable',
        lieu: scene.commune.point,
      },
      citizen: { userId: author.id, email: author.email, displayName: author.display_name, via: 'session' },
      contact: { email: author.email, sms: '+33612345678' },
      idempotency: { key: 'public-pages-1', fingerprint: 'public-pages-1' },
    });
    await t.worker.drain();
    const report = await t.services.db
      .selectFrom('report')
      .select('id')
      .where('request_id', '=', submitted.request.id)
      .executeTakeFirstOrThrow();
    const slug = scene.commune.tenant?.slug ?? '';
    const pages = {
      list: await t.client().get('/signalements'),
      communeList: await t.client().get(`/c/${slug}/signalements`),
      geojson: await t.client().get('/signalements.geojson'),
      communeGeojson: await t.client().get(`/c/${slug}/signalements.geojson`),
      page: await t.client().get(`/signalements/${report.id}`),
    };
    for (const [name, response] of Object.entries(pages)) {
      expect(response.statusCode, name).toBe(200);
      expect(response.body, name).toContain('Barrière de chantier renversée');
      for (const secret of [
        author.email,
        'Dominique',
        'Signaleur',
        '+33612345678',
        '06 12 34 56 78',
        submitted.request.tracking_code,
      ])
        expect(response.body, `${name} shows ${secret}`).not.toContain(secret);
    }
    expect(pages.page.body).toContain('Voirie');
    expect(pages.page.body).toContain('Demande reçue');
    expect(pages.page.body).toContain('Suivre ce signalement');
    expect(pages.list.body).toContain('Signalements sur l’espace public dans la Métropole');
    expect(pages.communeList.body).toContain(`Signalements sur l’espace public à ${scene.commune.name}`);
    expect(pages.geojson.headers['content-type']).toContain('application/geo+json');
    const collection = JSON.parse(pages.communeGeojson.body) as {
      features: Array<{ geometry: { coordinates: number[] }; properties: Record<string, unknown> }>;
    };
    const feature = collection.features.find(
      (f) => f.properties.description === 'Barrière de chantier renversée sur la piste cyclable',
    );
    expect(feature?.properties.categorie).toBe('Voirie');
    // The point is approximate: three decimals (about a hundred metres).
    for (const c of feature?.geometry.coordinates ?? []) expect(Math.round(c * 1000) / 1000).toBe(c);
    expect(Object.keys(feature?.properties ?? {}).sort()).toEqual(
      [
        'categorie',
        'commune',
        'description',
        'etat',
        'mis_a_jour_le',
        'ouvert',
        'service',
        'signale_le',
        'suivi_par',
        'url',
      ].sort(),
    );
  });

  it('issue 15 §6: filters by category and state, without JavaScript, and an unknown report is a French 404', async () => {
    const open = await scene.submit({ description: 'Lampadaire qui clignote rue des Lilas', category: 'eclairage' });
    const done = await scene.submit({ description: 'Trottoir réparé rue des Roses' });
    await scene.move(done.requestId, 'en-cours');
    await scene.move(done.requestId, 'traitee');
    const slug = scene.commune.tenant?.slug ?? '';
    const lighting = await t.client().get(`/c/${slug}/signalements?categorie=eclairage`);
    expect(lighting.body).toContain('Lampadaire qui clignote');
    expect(lighting.body).not.toContain('Trottoir réparé');
    const resolved = await t.client().get(`/c/${slug}/signalements?etat=resolus`);
    expect(resolved.body).toContain('Trottoir réparé');
    expect(resolved.body).not.toContain('Lampadaire qui clignote');
    const bad = await t.client().get(`/c/${slug}/signalements?etat=n%27importe&page=-3`);
    expect(bad.statusCode).toBe(200);
    const unknown = await t.client().get('/signalements/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Ce signalement n’existe pas ou n’est pas public.');
    expect((await t.client().get(`/signalements/${open.reportId}`)).statusCode).toBe(200);
    // A test instance publishes nothing; its GeoJSON refuses in problem+json.
    const partenaire = await buildCommune(t.services, { toodego: 'partenaire' });
    await updateSubscriptions(t.services, {
      tenant: partenaire,
      actor: SYSTEM_ACTOR,
      subscriptions: { toodego: 'partenaire', laclasse: 'none', opendata: 'none', geonet: 'none' },
      contactEmail: null,
      hostNames: [],
    });
    const refused = await t.client().get(`/c/${partenaire.slug}-test/signalements.geojson`);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(refused.body)).toMatchObject({ status: 404, code: 'not_found' });
    expect((await t.client().get(`/c/${partenaire.slug}-test/signalements`)).statusCode).toBe(404);
  });
});
