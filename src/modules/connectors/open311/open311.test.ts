import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Open311Client, Open311ClientError } from '../../../../test/fakes/open311-client.ts';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit.repo.ts';
import { createOpen311Client } from './create-open311-client.ts';

// Our Open311 server (issue 15 §3, §8) used by a client written from the GeoReport v2 specification, over HTTP.
let t: TestContext;
let endpoint: string;
let report: Awaited<ReturnType<typeof buildEService>>;

beforeAll(async () => {
  t = await createTestContext();
  report = await buildEService(t.services, await t.services.tenants.metropole(), {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/open311/v2/`;
});
afterAll(async () => t?.close());

describe('the Open311 GeoReport v2 server (issue 15 §3)', () => {
  it('lists the services and describes one, with its attributes and values', async () => {
    const client = new Open311Client(endpoint);
    const services = await client.services();
    expect(services).toContainEqual(
      expect.objectContaining({ service_code: report.slug, metadata: true, type: 'realtime' }),
    );
    const definition = await client.serviceDefinition(report.slug);
    expect(definition.attributes).toContainEqual(
      expect.objectContaining({
        code: 'categorie',
        datatype: 'singlevaluelist',
        required: true,
        values: [
          { key: 'voirie', name: 'Voirie' },
          { key: 'eclairage', name: 'Éclairage public' },
        ],
      }),
    );
    expect(definition.attributes).toContainEqual(expect.objectContaining({ code: 'description', datatype: 'text' }));
  });

  it('answers services.xml in XML', async () => {
    const response = await fetch(`${endpoint}services.xml`);
    expect(response.headers.get('content-type')).toContain('text/xml');
    const body = await response.text();
    expect(body).toContain('<services><service><service_code>');
    expect(body).toContain(`<service_code>${report.slug}</service_code>`);
  });

  it('takes a report posted with a commune client’s key in its jurisdiction and answers its service_request_id', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
    if (!commune.tenant) throw new Error('a member commune was expected');
    const { apiKey } = await createOpen311Client(t.services, {
      tenant: commune.tenant,
      name: 'Application mobile',
      actor: SYSTEM_ACTOR,
    });
    const client = new Open311Client(endpoint, { jurisdictionId: commune.tenant.slug, apiKey });
    const [created] = await client.postRequest({
      serviceCode: report.slug,
      lat: commune.point.lat,
      long: commune.point.lon,
      email: 'usager@example.org',
      description: 'Lampadaire éteint depuis trois jours',
      attributes: { categorie: 'eclairage' },
    });
    expect(created?.service_request_id).toMatch(/^[A-Z0-9]+-2026-\d+$/);
    expect(created?.service_notice).toContain(commune.name);

    const [found] = await client.request(created?.service_request_id ?? '');
    expect(found).toMatchObject({
      service_request_id: created?.service_request_id,
      status: 'open',
      service_code: report.slug,
      description: 'Lampadaire éteint depuis trois jours',
    });
    expect(JSON.stringify(found)).not.toContain('usager@example.org');
    expect((await client.requests({ status: 'open' })).map((r) => r.service_request_id)).toEqual([
      created?.service_request_id,
    ]);
    expect(await client.requests({ status: 'closed' })).toEqual([]);
  });

  it('answers errors in Open311’s format: 403 without a valid key, 404 for an unknown service or jurisdiction, 400 for missing answers', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
    if (!commune.tenant) throw new Error('a member commune was expected');
    const { apiKey } = await createOpen311Client(t.services, {
      tenant: commune.tenant,
      name: 'Outil de la commune',
      actor: SYSTEM_ACTOR,
    });
    const failure = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Open311ClientError);
      return error as Open311ClientError;
    };
    const anonymous = new Open311Client(endpoint, { jurisdictionId: commune.tenant.slug });
    expect((await failure(anonymous.postRequest({ serviceCode: report.slug }))).status).toBe(403);
    // Another jurisdiction's key is no key here.
    const elsewhere = new Open311Client(endpoint, { apiKey });
    expect((await failure(elsewhere.postRequest({ serviceCode: report.slug }))).status).toBe(403);
    const client = new Open311Client(endpoint, { jurisdictionId: commune.tenant.slug, apiKey });
    const unknown = await failure(client.serviceDefinition('aucun-service'));
    expect(unknown.status).toBe(404);
    expect(unknown.errors).toEqual([{ code: 404, description: 'service_code not found: aucun-service' }]);
    expect((await failure(new Open311Client(endpoint, { jurisdictionId: 'nulle-part' }).services())).status).toBe(404);
    const incomplete = await failure(client.postRequest({ serviceCode: report.slug, email: 'usager@example.org' }));
    expect(incomplete.status).toBe(400);
    expect(incomplete.errors.map((e) => e.description).join('\n')).toContain('attribute[categorie]');
  });
});
