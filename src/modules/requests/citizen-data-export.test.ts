import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { demoLogoPng } from './demo/demo-logo.ts';
import { postAdministrationMessage } from './post-administration-message.ts';

// The right of access covers what the citizen did through the counter, not only their account: requests with their
// answers, timeline, messages and documents, open drafts, and the files themselves.
let t: TestContext;
let report: Awaited<ReturnType<typeof buildEService>>;
let partner: Awaited<ReturnType<typeof buildGeoCommune>>;

beforeAll(async () => {
  t = await createTestContext();
  report = await buildEService(t.services, await t.services.tenants.metropole(), {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'account',
  });
  partner = await buildGeoCommune(t.services, { offer: 'partenaire' });
});
afterAll(async () => {
  await t?.close();
});

type ExportedRequest = {
  number: string;
  service: string;
  status: string;
  trackingCode: string;
  answers: Array<{ field: string; question: string; value: unknown }>;
  messages: Array<{ from: string; text: string; files: string[] }>;
  documents: Array<{ name: string; file: string; sha256: string }>;
  timeline: Array<{ label: string }>;
};
type ExportedDraft = { service: string; answers: Array<{ field: string; question: string; value: unknown }> };

describe('the citizen’s data export (issue 13 §8)', () => {
  it('holds their requests, answers, messages, documents and drafts, as JSON and with the files in one ZIP', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    const photo = demoLogoPng([200, 10, 10]);
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/services/${report.slug}/requests`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `export-${Date.now()}`,
        cookie: client.cookieHeader,
        origin: t.services.config.publicUrl,
      },
      payload: JSON.stringify({
        answers: {
          categorie: 'eclairage',
          description: 'Lampadaire éteint devant le numéro 12',
          photo: { name: 'lampadaire.png', contentBase64: photo.toString('base64') },
          lieu: partner.point,
        },
        contactEmail: user.email,
      }),
    });
    expect(submitted.statusCode).toBe(201);
    const row = await t.services.db
      .selectFrom('request')
      .selectAll()
      .where('number', '=', submitted.json().number)
      .executeTakeFirstOrThrow();
    const holder = await t.services.tenants.byId(row.tenant_id);
    if (!holder) throw new Error('no holder');
    const url = `/c/${holder.slug}/mes-demandes/${row.id}`;
    await client.get(url);
    const plan = demoLogoPng([10, 200, 10]);
    const sent = await client.postMultipart(
      `${url}/messages`,
      { message: 'Voici le plan du quartier.' },
      { piece: { filename: 'plan.png', contentType: 'image/png', bytes: plan } },
    );
    expect(sent.statusCode).toBe(303);
    await postAdministrationMessage(t.services, {
      holder,
      requestId: row.id,
      actor: { userId: null, label: 'Agent de test', ip: null },
      authorLabel: 'Services techniques',
      body: 'Merci, nous intervenons jeudi.',
    });

    // A draft left half-way.
    await client.get(`/demarches/${report.slug}`);
    const started = await client.post(`/demarches/${report.slug}/commencer`, {});
    const step = String(started.headers.location);
    await client.get(step);
    const saved = await client.postMultipart(
      step,
      { categorie: 'voirie', description: 'Nid-de-poule rue des Brouillons', _action: 'continuer' },
      { photo: { filename: 'trou.png', contentType: 'image/png', bytes: demoLogoPng([10, 10, 200]) } },
    );
    expect(saved.statusCode).toBe(303);

    const response = await client.get('/compte/donnees.zip');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain('attachment');
    const archive = unzipSync(new Uint8Array(response.rawPayload));
    const data = JSON.parse(strFromU8(archive['donnees.json']!)) as {
      account: { email: string };
      requests: ExportedRequest[];
      drafts: ExportedDraft[];
    };
    expect(data.account.email).toBe(user.email);

    expect(data.requests).toHaveLength(1);
    const [request] = data.requests;
    expect(request).toMatchObject({ number: row.number, trackingCode: row.tracking_code, status: 'Demande reçue' });
    expect(request?.answers).toEqual(
      expect.arrayContaining([
        { field: 'description', question: 'Description', value: 'Lampadaire éteint devant le numéro 12' },
        { field: 'categorie', question: 'Catégorie', value: 'eclairage' },
      ]),
    );
    expect(request?.messages.map((m) => [m.from, m.text])).toEqual([
      ['vous', 'Voici le plan du quartier.'],
      ['Services techniques', 'Merci, nous intervenons jeudi.'],
    ]);
    const photoAnswer = request?.answers.find((a) => a.field === 'photo')?.value as { file: string; name: string };
    expect(photoAnswer.name).toBe('lampadaire.png');
    expect(Buffer.from(archive[photoAnswer.file]!)).toEqual(photo);
    const planFile = request?.messages[0]?.files[0] ?? '';
    expect(planFile).toMatch(new RegExp(`^fichiers/demandes/${row.number}/.*plan\\.png$`));
    expect(Buffer.from(archive[planFile]!)).toEqual(plan);
    expect(request?.documents.map((d) => d.name).sort()).toEqual(['lampadaire.png', 'plan.png']);

    expect(data.drafts).toHaveLength(1);
    expect(data.drafts[0]?.service).toBe(report.eservice.title);
    expect(data.drafts[0]?.answers).toEqual(
      expect.arrayContaining([
        { field: 'description', question: 'Description', value: 'Nid-de-poule rue des Brouillons' },
      ]),
    );
    const draftPhoto = data.drafts[0]?.answers.find((a) => a.field === 'photo')?.value as { file: string };
    expect(Buffer.from(archive[draftPhoto.file]!)).toEqual(demoLogoPng([10, 10, 200]));

    // The JSON alone says the same, and the account page offers both.
    const json = await client.get('/compte/donnees.json');
    expect((json.json() as { requests: ExportedRequest[] }).requests[0]?.number).toBe(row.number);
    const account = await client.get('/compte');
    expect(account.body).toContain('/compte/donnees.zip');
    expect(account.body).toContain('vos demandes (réponses, suivi, messages et documents) et vos brouillons');
  });

  it('holds nothing of another citizen’s requests', async () => {
    const other = await buildUser(t.services);
    const client = t.client();
    await client.login(other.email, other.password);
    const data = (await client.get('/compte/donnees.json')).json() as { requests: unknown[]; drafts: unknown[] };
    expect(data.requests).toEqual([]);
    expect(data.drafts).toEqual([]);
  });
});
