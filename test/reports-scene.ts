import { expect } from 'vitest';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { changeRequestStatus } from '../src/modules/requests/index.ts';
import { buildEService, buildGeoCommune, type GeoCommune, REPORT_FORM, REPORT_SETTINGS } from './requests-factories.ts';
import type { TestContext } from './support/test-context.ts';

/** Metres as degrees of latitude (north) on the mean sphere. */
export const metresNorth = (metres: number) => metres / 111_195;

/**
 * A mutualised report service of the metropolis and a commune with its outline: reports submitted through the JSON
 * API as citizens would, published by the job after submissions (the worker runs), as in production.
 */
export async function buildReportScene(t: TestContext) {
  const metropole = await t.services.tenants.metropole();
  const service = await buildEService(t.services, metropole, {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  const commune: GeoCommune = await buildGeoCommune(t.services, { offer: 'partenaire' });
  let keys = 0;

  async function submit(options: {
    slug?: string;
    description: string;
    north?: number;
    east?: number;
    category?: 'voirie' | 'eclairage';
    email?: string;
  }): Promise<{ number: string; requestId: string; reportId: string }> {
    const point = {
      lat: commune.point.lat + metresNorth(options.north ?? 0),
      lon: commune.point.lon + metresNorth(options.east ?? 0) / Math.cos((commune.point.lat * Math.PI) / 180),
    };
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/services/${options.slug ?? service.slug}/requests`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `signalement-${Date.now()}-${keys++}` },
      payload: JSON.stringify({
        answers: { categorie: options.category ?? 'voirie', description: options.description, lieu: point },
        contactEmail: options.email ?? 'auteur.signalement@example.org',
      }),
    });
    expect(response.statusCode).toBe(201);
    const { trackingCode, number } = JSON.parse(response.body) as { trackingCode: string; number: string };
    const { id } = await t.services.db
      .selectFrom('request')
      .select('id')
      .where('tracking_code', '=', trackingCode)
      .executeTakeFirstOrThrow();
    // A stale tenant directory must not matter: publishing runs in the job's transaction, where reading the directory
    // from the database would wait for that transaction on the embedded database's one connection.
    t.services.tenants.invalidate();
    await t.worker.drain();
    const report = await t.services.db
      .selectFrom('report')
      .select('id')
      .where('request_id', '=', id)
      .executeTakeFirstOrThrow();
    return { number, requestId: id, reportId: report.id };
  }

  async function move(requestId: string, to: string) {
    const row = await t.services.db
      .selectFrom('request')
      .select('tenant_id')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    const holder = await t.services.tenants.byId(row.tenant_id);
    if (!holder) throw new Error('holder not found');
    const result = await changeRequestStatus(t.services, { holder, requestId, to, actor: SYSTEM_ACTOR });
    expect(result.ok).toBe(true);
    await t.worker.drain();
  }

  /** A citizen fills the report form on the web up to its review page (the last step before sending). */
  async function reviewPage(
    client: ReturnType<TestContext['client']>,
    options: { north?: number; category?: string; slug?: string },
  ) {
    const slug = options.slug ?? service.slug;
    await client.get(`/demarches/${slug}`);
    const started = await client.post(`/demarches/${slug}/commencer`, {});
    const first = String(started.headers.location);
    const page1 = await client.submit(first, first, {
      categorie: options.category ?? 'voirie',
      description: 'Le même trou, je crois',
      _action: 'continuer',
    });
    expect(page1.statusCode).toBe(303);
    const second = String(page1.headers.location);
    const page2 = await client.submit(second, second, {
      'lieu.lat': String(commune.point.lat + metresNorth(options.north ?? 0)),
      'lieu.lon': String(commune.point.lon),
      _action: 'continuer',
    });
    expect(page2.statusCode).toBe(303);
    const review = String(page2.headers.location);
    expect(review).toMatch(/recapitulatif$/);
    return { url: review, page: await client.get(review) };
  }

  return { metropole, service, commune, submit, move, reviewPage };
}
