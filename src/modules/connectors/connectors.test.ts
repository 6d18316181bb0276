import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import {
  type FakeCommuneSystem,
  pushStatusUpdates,
  startFakeCommuneSystem,
} from '../../../test/fakes/commune-system.ts';
import {
  buildEService,
  buildGeoCommune,
  type GeoCommune,
  REPORT_FORM,
  REPORT_SETTINGS,
} from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { MAX_DELIVERY_ATTEMPTS } from './deliver-request.job.ts';
import { saveConnectorSettings } from './save-connector.ts';

// Connector out (issue 15 §1, §4, §8): a request relayed to a Connecté commune reaches its own system through the job
// queue, by Open311 or a signed webhook, despite injected failures: none lost, none stored twice by the receiver.
let t: TestContext;
let report: Awaited<ReturnType<typeof buildEService>>;
const API_KEY = 'cle-open311-de-la-commune-0001';
const SECRET = 'secret-de-signature-du-webhook-0001';

beforeAll(async () => {
  t = await createTestContext();
  report = await buildEService(t.services, await t.services.tenants.metropole(), {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
});
afterAll(async () => t?.close());

let keys = 0;
/** A citizen reports a broken street light in the commune (a commune competence): relayed to it. */
async function submitReport(commune: GeoCommune, description = 'Lampadaire en panne'): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/services/${report.slug}/requests`,
    headers: { 'content-type': 'application/json', 'idempotency-key': `connecteur-${keys++}` },
    payload: JSON.stringify({
      answers: { categorie: 'eclairage', description, lieu: commune.point },
      contactEmail: 'usager@example.org',
    }),
  });
  expect(response.statusCode).toBe(201);
  return (JSON.parse(response.body) as { number: string }).number;
}

async function connect(
  commune: GeoCommune,
  protocol: 'open311' | 'webhook',
  fake: FakeCommuneSystem,
  options: { poll?: boolean; enabled?: boolean; endpointUrl?: string } = {},
) {
  if (!commune.tenant) throw new Error('a member commune was expected');
  const result = await saveConnectorSettings(t.services, {
    commune: commune.tenant,
    actor: SYSTEM_ACTOR,
    form: {
      protocol,
      endpointUrl: options.endpointUrl ?? (protocol === 'open311' ? fake.open311Url : fake.webhookUrl),
      serviceCode: 'eclairage-public',
      jurisdictionId: 'ville',
      secret: protocol === 'open311' ? API_KEY : SECRET,
      ...(options.enabled === false ? {} : { enabled: 'oui' as const }),
      ...(options.poll ? { pollEnabled: 'oui' as const } : {}),
    },
  });
  expect(result.ok).toBe(true);
}

const deliveriesOf = (commune: GeoCommune) =>
  t.services.db
    .selectFrom('connector_delivery')
    .selectAll()
    .where('commune_tenant_id', '=', commune.tenant?.id ?? '')
    .execute();

/** Runs the queue, moving the injected clock past each retry's delay, until no delivery is pending. */
async function deliverEverything(commune: GeoCommune): Promise<void> {
  for (let round = 0; round < 2 * MAX_DELIVERY_ATTEMPTS; round++) {
    await t.worker.drain();
    if ((await deliveriesOf(commune)).every((d) => d.state !== 'pending')) return;
    t.clock.advance(11 * 60_000);
  }
}

/** A commune connected by webhook to the fake system, and one report delivered to it. */
async function deliveredByWebhook(fake: FakeCommuneSystem) {
  const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
  await connect(commune, 'webhook', fake);
  const number = await submitReport(commune);
  await deliverEverything(commune);
  return { commune, number };
}

const newFake = (failureRate: number, maxConsecutiveFailures?: number) =>
  startFakeCommuneSystem({
    apiKey: API_KEY,
    webhookSecret: SECRET,
    now: () => t.clock.now(),
    failureRate,
    ...(maxConsecutiveFailures === undefined ? {} : { maxConsecutiveFailures }),
  });

describe('connector out (issue 15 §1, §4)', () => {
  for (const protocol of ['open311', 'webhook'] as const) {
    it(`delivers every relayed request once by ${protocol} under 50 % injected failures: 0 lost, 0 duplicates (§8)`, async () => {
      const fake = await newFake(0.5);
      try {
        const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
        await connect(commune, protocol, fake);
        const numbers: string[] = [];
        for (let i = 0; i < 12; i++) numbers.push(await submitReport(commune, `Lampadaire n° ${i} en panne`));
        await deliverEverything(commune);

        const received = fake.reports.map((r) =>
          protocol === 'open311' ? r.fields['attribute[communs_id]'] : r.fields.number,
        );
        expect(received.sort()).toEqual([...numbers].sort());
        expect(new Set(received).size).toBe(numbers.length);
        // The failures did happen, answers lost after storage included: the receiver recognised the repeats.
        expect(Object.values(fake.failuresInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        const deliveries = await deliveriesOf(commune);
        expect(deliveries).toHaveLength(numbers.length);
        for (const delivery of deliveries) {
          expect(delivery.state).toBe('delivered');
          const stored = fake.reports.find((r) => r.eventId === delivery.id);
          // The commune's reference is kept with the delivery.
          expect(delivery.commune_reference).toBe(stored?.reference);
        }
      } finally {
        await fake.close();
      }
    });
  }

  it('sends Open311 GeoReport v2 fields: service code, lat/long, description, e-mail, attributes', async () => {
    const fake = await newFake(0);
    try {
      const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(commune, 'open311', fake);
      const number = await submitReport(commune, 'Le lampadaire clignote');
      await deliverEverything(commune);
      expect(fake.reports).toHaveLength(1);
      expect(fake.reports[0]?.fields).toMatchObject({
        service_code: 'eclairage-public',
        description: 'Le lampadaire clignote',
        email: 'usager@example.org',
        'attribute[communs_id]': number,
        'attribute[categorie]': 'eclairage',
      });
      expect(Number(fake.reports[0]?.fields.lat)).toBeCloseTo(commune.point.lat, 6);
      expect(Number(fake.reports[0]?.fields.long)).toBeCloseTo(commune.point.lon, 6);
    } finally {
      await fake.close();
    }
  });

  it('shows the delivery and the commune’s reference in the request’s history for the agents', async () => {
    const fake = await newFake(0);
    try {
      const { number } = await deliveredByWebhook(fake);
      const events = await t.services.db
        .selectFrom('request_event')
        .innerJoin('request', 'request.id', 'request_event.request_id')
        .select(['request_event.details'])
        .where('request.number', '=', number)
        .execute();
      expect(JSON.stringify(events)).toContain(`référence ${fake.reports[0]?.reference}`);
    } finally {
      await fake.close();
    }
  });

  it('refuses, at the receiver, a webhook signed with another secret or outside the 5-minute window', async () => {
    const fake = await startFakeCommuneSystem({
      apiKey: API_KEY,
      webhookSecret: 'un-autre-secret-0000',
      now: () => t.clock.now(),
    });
    try {
      const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(commune, 'webhook', fake);
      await submitReport(commune);
      await t.worker.drain();
      expect(fake.signaturesRefused).toBe(1);
      expect(fake.reports).toHaveLength(0);
      const [delivery] = await deliveriesOf(commune);
      // A 401 is the receiver's word on our secret: no point in trying again; the operators are told.
      expect(delivery).toMatchObject({ state: 'failed', last_error: 'HTTP 401' });
    } finally {
      await fake.close();
    }
  });

  it('retries with growing delays, then gives up, marks the delivery failed and alerts the operators', async () => {
    await buildOperator(t.services);
    const fake = await newFake(1, 1000);
    try {
      const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(commune, 'open311', fake);
      await submitReport(commune);
      const firstAttemptAt = t.clock.now().getTime();
      await t.worker.drain();
      let [delivery] = await deliveriesOf(commune);
      expect(delivery).toMatchObject({ state: 'pending', attempts: 1 });
      const firstRetry = delivery?.next_attempt_at?.getTime() ?? 0;
      // Not yet due: nothing is sent.
      await t.worker.drain();
      expect((await deliveriesOf(commune))[0]?.attempts).toBe(1);
      t.clock.set(new Date(firstRetry));
      await t.worker.drain();
      [delivery] = await deliveriesOf(commune);
      expect(delivery?.attempts).toBe(2);
      // Exponential backoff: the second wait is longer than the first.
      expect((delivery?.next_attempt_at?.getTime() ?? 0) - firstRetry).toBeGreaterThan(firstRetry - firstAttemptAt);
      await deliverEverything(commune);
      [delivery] = await deliveriesOf(commune);
      expect(delivery).toMatchObject({ state: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
      const alerts = await t.services.db
        .selectFrom('job')
        .select('dedupe_key')
        .where('dedupe_key', 'like', `connector-alert:${delivery?.id}:%`)
        .execute();
      expect(alerts.length).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
  });

  it('sends nothing for a Connecté commune without a connector (the e-mail relay stands alone)', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
    await submitReport(commune);
    await t.worker.drain();
    expect(await deliveriesOf(commune)).toHaveLength(0);
  });
});

describe('the connector’s administration page (issue 15 §1)', () => {
  it('lets a Connecté commune’s administrator save it, with French errors, and never shows the secret again', async () => {
    const commune = await buildCommune(t.services, { toodego: 'connecte' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const page = `/c/${commune.slug}/admin/connecteur`;
    expect((await client.get(`/c/${commune.slug}/admin`)).body).toContain(`href="${page}"`);
    expect((await client.get(page)).statusCode).toBe(200);

    const refused = await client.post(page, { protocol: 'open311', endpointUrl: 'pas une adresse', secret: '' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Saisissez l’adresse de votre système'.replace('’', "'"));
    expect(refused.body).toContain('Saisissez la clé ou le secret que votre système attend');

    const secret = 'une-cle-tres-secrete-9876';
    const saved = await client.post(page, {
      protocol: 'webhook',
      endpointUrl: 'https://signalements.example.org/hook',
      secret,
      enabled: 'oui',
    });
    expect(saved.statusCode).toBe(303);
    const shown = await client.get(`${page}?fait=1`);
    expect(shown.body).toContain('Le connecteur est enregistré.');
    expect(shown.body).toContain('« 9876 »');
    expect(shown.body).not.toContain(secret);
    const row = await t.services.db
      .selectFrom('connector_config')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .where('action', '=', 'connector.configure')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);

    // Left empty, the secret in force stays.
    expect(
      (await client.post(page, { protocol: 'webhook', endpointUrl: 'https://signalements.example.org/h2', secret: '' }))
        .statusCode,
    ).toBe(303);
    const kept = await t.services.db
      .selectFrom('connector_config')
      .select(['secret_sealed', 'endpoint_url', 'enabled'])
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({
      secret_sealed: row.secret_sealed,
      endpoint_url: 'https://signalements.example.org/h2',
      enabled: false,
    });
  });

  it('refuses a form without its CSRF token, and does not exist for a commune that is not Connecté', async () => {
    const commune = await buildCommune(t.services, { toodego: 'connecte' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const page = `/c/${commune.slug}/admin/connecteur`;
    await client.get(page);
    const forged = await client.post(
      page,
      { protocol: 'webhook', endpointUrl: 'https://x.example.org/', secret: 'x'.repeat(20) },
      { withCsrf: false },
    );
    expect(forged.statusCode).toBe(403);

    const partner = await buildCommune(t.services, { toodego: 'partenaire' });
    const partnerAdmin = await buildUser(t.services, { grants: [{ tenant: partner, role: 'admin' }] });
    const other = await t.signedIn(partnerAdmin.email, partnerAdmin.password, `/c/${partner.slug}`);
    expect((await other.get(`/c/${partner.slug}/admin/connecteur`)).statusCode).toBe(404);
    expect((await other.get(`/c/${partner.slug}/admin`)).body).not.toContain('/admin/connecteur');
  });
});

describe('connector in (issue 15 §2)', () => {
  it('applies pushed status updates once each, in order, and the citizen reads them on the request', async () => {
    const fake = await newFake(0);
    try {
      const { commune, number } = await deliveredByWebhook(fake);
      const reference = fake.reports[0]?.reference ?? '';
      await t.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
      const address = t.app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/connecteurs/${commune.tenant?.slug}/mises-a-jour`;
      const update = (id: string, status: string, minutes: number) => ({
        update_id: id,
        service_request_id: reference,
        status,
        updated_datetime: new Date(t.clock.now().getTime() - 60 * 60_000 + minutes * 60_000).toISOString(),
        description: `Étape ${id}`,
      });
      const messages = () =>
        t.services.db
          .selectFrom('request_message')
          .innerJoin('request', 'request.id', 'request_message.request_id')
          .select(['request_message.body'])
          .where('request.number', '=', number)
          .execute();

      // Sent out of order in one push: applied in the order they happened.
      const first = await pushStatusUpdates(url, {
        secret: SECRET,
        now: t.clock.now(),
        updates: [update('u2', 'IN_PROGRESS', 20), update('u1', 'OPEN', 10)],
      });
      expect(first).toMatchObject({ status: 200, body: { applied: 2, duplicates: 0, stale: 0 } });
      expect((await messages()).map((m) => m.body.split(' : ')[1]?.split('.')[0])).toEqual(['OPEN', 'IN_PROGRESS']);

      // The same push again, and an older update arriving late: nothing more reaches the citizen.
      const again = await pushStatusUpdates(url, {
        secret: SECRET,
        now: t.clock.now(),
        updates: [update('u2', 'IN_PROGRESS', 20), update('u0', 'OPEN', 5)],
      });
      expect(again).toMatchObject({ status: 200, body: { applied: 0, duplicates: 1, stale: 1 } });
      expect(await messages()).toHaveLength(2);

      // Forged, or replayed after 5 minutes: refused.
      const fixed = update('u3', 'FIXED', 30);
      expect(
        (await pushStatusUpdates(url, { secret: SECRET, now: t.clock.now(), updates: [fixed], wrongSecret: true }))
          .status,
      ).toBe(401);
      const old = new Date(t.clock.now().getTime() - 6 * 60_000);
      expect((await pushStatusUpdates(url, { secret: SECRET, now: old, updates: [fixed] })).status).toBe(401);
      expect(await messages()).toHaveLength(2);
      expect(
        (await pushStatusUpdates(url, { secret: SECRET, now: t.clock.now(), updates: [fixed] })).body,
      ).toMatchObject({ applied: 1 });
      expect((await messages()).at(-1)?.body).toContain('FIXED');
    } finally {
      await fake.close();
    }
  });
});

describe('connector in by polling, for a system that cannot push (issue 15 §2)', () => {
  /** One run of the recurring job, as a worker does at each 5-minute slot. */
  async function pollSlot(): Promise<void> {
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
  }
  const messagesOf = (number: string) =>
    t.services.db
      .selectFrom('request_message')
      .innerJoin('request', 'request.id', 'request_message.request_id')
      .select(['request_message.body', 'request_message.request_id'])
      .where('request.number', '=', number)
      .orderBy('request_message.created_at')
      .execute();
  const statusesOf = async (number: string) =>
    (await messagesOf(number)).map((m) => m.body.split(' : ')[1]?.split('.')[0]);
  const configOf = (commune: GeoCommune) =>
    t.services.db
      .selectFrom('connector_config')
      .selectAll()
      .where('tenant_id', '=', commune.tenant?.id ?? '')
      .executeTakeFirstOrThrow();
  const at = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();

  it('issue 15 §2: polled updates reach the citizen once each, in order, despite a failing first poll and duplicates', async () => {
    const fake = await newFake(0);
    try {
      const commune = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(commune, 'open311', fake, { poll: true });
      const number = await submitReport(commune);
      await deliverEverything(commune);
      const reference = fake.reports[0]?.reference ?? '';
      const update = (id: string, status: string, when: string) => ({
        update_id: id,
        service_request_id: reference,
        status,
        updated_datetime: when,
        description: `Étape ${id}`,
      });
      const t0 = t.clock.now().getTime();
      // The commune's agents worked on it; its system lists the updates out of order.
      fake.statusUpdates.push(update('u2', 'IN_PROGRESS', at(t0, -1)), update('u1', 'OPEN', at(t0, -30)));

      // First poll: the commune's system answers 500. Nothing reaches the citizen, the job does not fail, the
      // commune's administrator reads why on the connector's page.
      fake.polling.failNext = 1;
      await pollSlot();
      expect(fake.updatePolls).toHaveLength(1);
      expect(await messagesOf(number)).toHaveLength(0);
      expect(await configOf(commune)).toMatchObject({ last_polled_at: null, last_poll_error: 'HTTP 500' });
      const failedJobs = await t.services.db
        .selectFrom('job')
        .select('id')
        .where('name', '=', 'connectors.poll-updates')
        .where('failed_at', 'is not', null)
        .execute();
      expect(failedJobs).toHaveLength(0);

      // Next slot: the same updates, in the order they happened at the commune.
      t.clock.advance(5 * 60_000);
      await pollSlot();
      expect(await statusesOf(number)).toEqual(['OPEN', 'IN_PROGRESS']);
      expect(await configOf(commune)).toMatchObject({ last_poll_error: null });

      // Later: the server lists every update twice, the overlap brings u2 back, an older update arrives late and a
      // new one is made. Only the new one reaches the citizen.
      fake.polling.repeatEach = true;
      fake.polling.bareList = true;
      fake.statusUpdates.push(
        update('u3', 'FIXED', at(t0, 7)),
        update('u0', 'OPEN', at(t0, -2)),
        update('u2', 'IN_PROGRESS', at(t0, -1)),
      );
      t.clock.advance(5 * 60_000);
      await pollSlot();
      t.clock.advance(5 * 60_000);
      await pollSlot();
      const messages = await messagesOf(number);
      expect(await statusesOf(number)).toEqual(['OPEN', 'IN_PROGRESS', 'FIXED']);
      expect(messages.at(-1)?.body).toContain('Étape u3');
      // Each message notified the citizen once.
      const notifications = await t.services.db
        .selectFrom('job')
        .select('dedupe_key')
        .where('dedupe_key', 'like', `notify:${messages[0]?.request_id}:message:%`)
        .execute();
      expect(notifications).toHaveLength(3);

      // What was asked: the API key and jurisdiction; a day back until a poll succeeds, then from the last
      // success's start minus the 10-minute overlap, advancing with each success.
      expect(fake.updatePolls.every((p) => p.apiKey === API_KEY && p.jurisdictionId === 'ville')).toBe(true);
      const day = 24 * 60 * 60_000;
      const starts = fake.updatePolls.map((p) => Date.parse(p.startDate ?? ''));
      expect(starts).toEqual([t0 - day, t0 + 5 * 60_000 - day, t0 - 5 * 60_000, t0]);
    } finally {
      await fake.close();
    }
  });

  it('issue 15 §2: polls only the enabled Open311 connectors with polling on; an unreachable system is told, not fatal', async () => {
    const fake = await newFake(0);
    const other = await newFake(0);
    const unreachable = await newFake(0);
    const deadUrl = unreachable.open311Url;
    await unreachable.close();
    try {
      const polled = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(polled, 'open311', fake, { poll: true });
      const notPolled = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(notPolled, 'open311', other);
      const disabled = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(disabled, 'open311', other, { poll: true, enabled: false });
      const down = await buildGeoCommune(t.services, { offer: 'connecte' });
      await connect(down, 'open311', fake, { poll: true, endpointUrl: deadUrl });

      t.clock.advance(5 * 60_000);
      await pollSlot();
      expect(fake.updatePolls).toHaveLength(1);
      expect(other.updatePolls).toHaveLength(0);
      expect(await configOf(polled)).toMatchObject({ last_poll_error: null, last_polled_at: t.clock.now() });
      expect(await configOf(down)).toMatchObject({ last_polled_at: null, last_poll_error: 'pas de réponse' });
    } finally {
      await fake.close();
      await other.close();
    }
  });

  it('issue 15 §2: the administrator turns polling on for Open311 and reads its outcome; refused for a webhook, in French', async () => {
    const fake = await newFake(0);
    try {
      const commune = await buildCommune(t.services, { toodego: 'connecte' });
      const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
      const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
      const page = `/c/${commune.slug}/admin/connecteur`;
      expect((await client.get(page)).body).toContain(
        'Relever les mises à jour régulièrement (si votre outil ne peut pas les envoyer)',
      );

      const refused = await client.post(page, {
        protocol: 'webhook',
        endpointUrl: 'https://signalements.example.org/hook',
        secret: 'une-cle-tres-secrete-9876',
        enabled: 'oui',
        pollEnabled: 'oui',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Le relevé régulier n’existe que pour Open311');

      const saved = await client.post(page, {
        protocol: 'open311',
        endpointUrl: fake.open311Url,
        secret: API_KEY,
        enabled: 'oui',
        pollEnabled: 'oui',
      });
      expect(saved.statusCode).toBe(303);
      const shown = (await client.get(`${page}?fait=1`)).body;
      expect(shown).toMatch(/name="pollEnabled"[^>]*checked/);
      expect(shown).toContain('Aucun relevé n’a encore réussi.');

      fake.polling.failNext = 1;
      t.clock.advance(5 * 60_000);
      await pollSlot();
      expect((await client.get(page)).body).toContain('(HTTP 500) : un nouvel essai a lieu au prochain passage');
      t.clock.advance(5 * 60_000);
      await pollSlot();
      expect((await client.get(page)).body).toContain('Dernier relevé réussi');
    } finally {
      await fake.close();
    }
  });
});
