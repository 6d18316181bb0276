import { readdir, readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { changeRequestStatus } from './processing/change-request-status.ts';
import { demoLogoPng } from './demo/demo-logo.ts';
import { smsOutboxDir } from './delivery/sms-outbox.ts';
import { postAdministrationMessage } from './post-administration-message.ts';

// Timeline, messages, notifications (e-mail and SMS), relay by e-mail, all through real SMTP.
let t: TestContext;
let smtp: SmtpCatcher;
let report: Awaited<ReturnType<typeof buildEService>>;
let partner: Awaited<ReturnType<typeof buildGeoCommune>>;
const agent = { userId: null, label: 'Agent de test', ip: null };

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  report = await buildEService(t.services, await t.services.tenants.metropole(), {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  partner = await buildGeoCommune(t.services, { offer: 'partenaire' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

let keys = 0;
async function submit(options: {
  point: { lat: number; lon: number };
  categorie?: string;
  cookie?: string;
  sms?: string;
}) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/services/${report.slug}/requests`,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `suivi-${Date.now()}-${keys++}`,
      // A citizen's session calls from the site's own pages (same origin).
      ...(options.cookie ? { cookie: options.cookie, origin: t.services.config.publicUrl } : {}),
    },
    payload: JSON.stringify({
      answers: { categorie: options.categorie ?? 'eclairage', description: 'Lampadaire en panne', lieu: options.point },
      contactEmail: 'usager@example.org',
      ...(options.sms ? { sms: options.sms } : {}),
    }),
  });
  expect(response.statusCode).toBe(201);
  const row = await t.services.db
    .selectFrom('request')
    .selectAll()
    .where('number', '=', response.json().number)
    .executeTakeFirstOrThrow();
  const holder = await t.services.tenants.byId(row.tenant_id);
  if (!holder) throw new Error('no holder');
  return { row, holder, body: response.json() };
}

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to && 'text' in m.to && m.to.text.includes(address));

describe('status changes (T3, T5)', () => {
  it('records each change in the timeline, notifies by e-mail and SMS when the workflow says so, and hides internal statuses', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    const { row, holder } = await submit({ point: partner.point, cookie: client.cookieHeader, sms: '06 12 34 56 78' });
    expect(holder.id).toBe(partner.tenant?.id);
    await t.worker.drain();
    const before = mailsTo(user.email).length;

    expect(await changeRequestStatus(t.services, { holder, requestId: row.id, to: 'acceptee', actor: agent })).toEqual({
      ok: false,
      reason: 'transition-refused',
    });
    expect(
      await changeRequestStatus(t.services, { holder, requestId: row.id, to: 'verification', actor: agent }),
    ).toEqual({ ok: true, notified: [] });
    const page = await client.get(`/c/${holder.slug}/mes-demandes/${row.id}`);
    expect(page.body).toContain('Statut : <strong>Demande reçue</strong>');
    expect(page.body).not.toContain('Vérification interne');

    t.clock.advance(3_600_000);
    expect(
      await changeRequestStatus(t.services, {
        holder,
        requestId: row.id,
        to: 'en-cours',
        actor: agent,
        note: 'Intervention prévue jeudi.',
      }),
    ).toEqual({ ok: true, notified: ['email', 'sms'] });
    await t.worker.drain();
    await smtp.waitFor(before + 1);
    const mail = mailsTo(user.email).find((m) => m.subject?.includes('En cours de traitement'));
    expect(mail?.text).toContain('Intervention prévue jeudi.');
    const sms = await Promise.all(
      (await readdir(smsOutboxDir(t.dataDir))).map(async (f) =>
        JSON.parse(await readFile(`${smsOutboxDir(t.dataDir)}/${f}`, 'utf8')),
      ),
    );
    expect(
      sms.some((s) => s.to === '06 12 34 56 78' && s.text.includes(`Demande ${row.number} : En cours de traitement`)),
    ).toBe(true);

    const after = await client.get(`/c/${holder.slug}/mes-demandes/${row.id}`);
    expect(after.body).toContain('Statut : <strong>En cours de traitement</strong>');
    expect(after.body).toContain('Intervention prévue jeudi.');
    const dashboard = await client.get('/mes-demandes');
    expect(dashboard.body).toContain(row.number);
    expect(dashboard.body).toContain('En cours de traitement');

    // The timeline cannot be rewritten.
    await expect(
      sql`UPDATE request_status_change SET note = 'réécrit' WHERE request_id = ${row.id}`.execute(t.services.db),
    ).rejects.toThrow();
  });
});

describe('messages (T4)', () => {
  it('lets the citizen write with an attachment, and notifies them when the administration answers', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    const { row, holder } = await submit({ point: partner.point, cookie: client.cookieHeader });
    const url = `/c/${holder.slug}/mes-demandes/${row.id}`;
    await client.get(url);
    const empty = await client.postMultipart(`${url}/messages`, { message: '' }, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Votre message : Écrivez votre message.');
    const sent = await client.postMultipart(
      `${url}/messages`,
      { message: 'Voici une photo.' },
      { piece: { filename: 'vue.png', contentType: 'image/png', bytes: demoLogoPng([10, 20, 30]) } },
    );
    expect(sent.statusCode).toBe(303);
    const page = await client.get(url);
    expect(page.body).toContain('Voici une photo.');
    const link = /href="([^"]+\/documents\/[0-9a-f-]{36})">vue\.png/.exec(page.body)?.[1] ?? '';
    const download = await client.get(link);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');

    await t.worker.drain();
    const before = mailsTo(user.email).length;
    const answered = await postAdministrationMessage(t.services, {
      holder,
      requestId: row.id,
      actor: agent,
      authorLabel: 'Services techniques',
      body: 'Merci, nous intervenons.',
    });
    expect(answered).toEqual({ ok: true, notified: ['email'] });
    await t.worker.drain();
    await smtp.waitFor(before + 1);
    expect(
      mailsTo(user.email).some((m) => m.subject === `Nouveau message au sujet de votre demande n° ${row.number}`),
    ).toBe(true);
    expect((await client.get(url)).body).toContain('Merci, nous intervenons.');

    // Another citizen, or the same request through another instance, finds nothing.
    const stranger = await buildUser(t.services);
    const strangerClient = t.client();
    await strangerClient.login(stranger.email, stranger.password);
    expect((await strangerClient.get(url)).statusCode).toBe(404);
    expect((await strangerClient.get(link)).statusCode).toBe(404);
    expect((await client.get(`/mes-demandes/${row.id}`)).statusCode).toBe(404);
  });
});

describe('relay to a commune that does not use the platform (T8)', () => {
  it('e-mails the commune the request, tells the citizen who handles it, and forwards their messages', async () => {
    const outside = await buildGeoCommune(t.services, { member: false });
    const { row, holder, body } = await submit({ point: outside.point, categorie: 'voirie' });
    expect(body.routing).toMatchObject({ rule: 'hors-metropole', channel: 'email-relay' });
    expect(body.status.key).toBe('transmise');
    expect(body.acknowledgement.paragraphs.join(' ')).toContain(`Elle a été envoyée à ${outside.name}`);
    await t.worker.drain();
    await smtp.waitFor(1);
    const relay = mailsTo(outside.contactEmail ?? '').find((m) => m.subject?.includes(row.number));
    expect(relay?.text).toContain('L114-2');
    expect(relay?.text).toContain('Lampadaire en panne');
    expect(relay?.text).toContain('usager@example.org');
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'request.relay')
      .where('target_id', '=', row.id)
      .execute();
    expect(audit).toHaveLength(1);

    const tracked = await t.client().get(`/suivi/${row.tracking_code}`);
    expect(tracked.body).toContain('Transmise à l’administration compétente');
    expect(tracked.body).toContain(outside.name);
    const client = t.client();
    await client.get(`/suivi/${row.tracking_code}`);
    const relayed = mailsTo(outside.contactEmail ?? '').length;
    const message = await client.postMultipart(
      `/suivi/${row.tracking_code}/messages`,
      { message: 'Le trou s’agrandit.' },
      {},
    );
    expect(message.statusCode).toBe(303);
    await t.worker.drain();
    expect(mailsTo(outside.contactEmail ?? '')).toHaveLength(relayed + 1);
    expect(mailsTo(outside.contactEmail ?? '').some((m) => m.text?.includes('Le trou s’agrandit.'))).toBe(true);
    expect(holder.kind).toBe('metropole');
  });
});
