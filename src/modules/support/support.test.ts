import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { publishEService } from '../catalogue/index.ts';
import { saveFaqEntry } from './faq.ts';
import { HELP_SERVICE_SLUG } from './help-service.ts';

let t: TestContext;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const plain = (text: string) =>
  text
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const mailsTo = (to: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(to));

async function deliverMail(): Promise<void> {
  await t.worker.drain();
}

async function communeWithService(toodego: 'partenaire' | 'abonne' = 'partenaire') {
  const commune = await buildCommune(t.services, { toodego });
  await publishEService(t.services, {
    provider: commune,
    actor: SYSTEM_ACTOR,
    slug: 'permis-de-test',
    title: 'Demander un permis de test',
    summary: 'Un service de test.',
    description: 'Un service de test.',
    themes: ['Test'],
    keywords: [],
    access: 'anonymous',
    settings: {
      office: { name: 'Service des permis', email: 'permis@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' },
    },
    form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
  });
  return commune;
}

describe('help from every page (issue 16 §1, §2)', () => {
  it('takes an anonymous visitor from a service page to the competent commune, suggests answers, then sends a tracked request', async () => {
    const commune = await communeWithService();
    await saveFaqEntry(t.services, {
      tenant: commune,
      id: null,
      actor: SYSTEM_ACTOR,
      entry: {
        serviceSlug: 'permis-de-test',
        serviceTitle: 'Demander un permis de test',
        question: 'Quel est le délai de délivrance du permis ?',
        answer: 'Dix jours ouvrés après une demande complète.',
      },
    });
    const visitor = t.client();
    const page = await visitor.get(`/c/${commune.slug}/demarches/permis-de-test`);
    const link = `/c/${commune.slug}/aide/demande?page=%2Fdemarches%2Fpermis-de-test`;
    expect(page.body).toContain(`href="${link}"`);
    expect(page.body).toContain("Besoin d'aide ?");

    const form = await visitor.get(link);
    expect(form.statusCode).toBe(200);
    expect(plain(form.body)).toContain(`traitée par <strong>${commune.name}</strong>`);
    expect(plain(form.body)).toContain('« Demander un permis de test »');
    const key = /name="key" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const fields = {
      page: '/demarches/permis-de-test',
      service: 'permis-de-test',
      subject: 'delai du permis', // typed without accents: the search folds them
      message: 'Combien de temps faut-il pour obtenir le permis ?',
      email: '',
      key,
    };

    const missingEmail = await visitor.post(`/c/${commune.slug}/aide/demande`, { ...fields, step: 'send' });
    expect(missingEmail.statusCode).toBe(422);
    expect(plain(missingEmail.body)).toContain('Indiquez votre adresse électronique.');

    const suggested = await visitor.post(`/c/${commune.slug}/aide/demande`, { ...fields, step: 'suggest' });
    expect(suggested.statusCode).toBe(200);
    expect(plain(suggested.body)).toContain('Quel est le délai de délivrance du permis ?');
    expect(plain(suggested.body)).toContain('Envoyer ma demande d’aide');

    const sent = await visitor.post(`/c/${commune.slug}/aide/demande`, {
      ...fields,
      email: 'visiteur@example.org',
      step: 'send',
    });
    expect(sent.statusCode).toBe(200);
    expect(plain(sent.body)).toContain('Demande d’aide envoyée');
    // Sent twice (a double click): one request.
    await visitor.post(`/c/${commune.slug}/aide/demande`, { ...fields, email: 'visiteur@example.org', step: 'send' });
    const requests = await t.services.db
      .selectFrom('request')
      .innerJoin('eservice', 'eservice.id', 'request.eservice_id')
      .select(['request.number', 'request.tenant_id', 'request.answers', 'request.tracking_code'])
      .where('eservice.slug', '=', HELP_SERVICE_SLUG)
      .where('request.tenant_id', '=', commune.id)
      .execute();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.answers).toMatchObject({
      page: '/demarches/permis-de-test',
      service: 'Demander un permis de test',
    });
    expect(plain(sent.body)).toContain(`n° <strong>${request?.number}</strong>`);
    expect(sent.body).toContain(`/c/${commune.slug}/suivi/${request?.tracking_code}`);

    await deliverMail();
    const ack = mailsTo('visiteur@example.org');
    expect(ack.length).toBeGreaterThan(0);
    expect(ack.map((m) => m.text ?? '').join('\n')).toContain(request?.number ?? '?');
  });

  it('routes a signed-in citizen’s general question to the metropolis and lists it in the dashboard', async () => {
    const citizen = await buildUser(t.services);
    const client = await t.signedIn(citizen.email, citizen.password);
    const form = await client.get('/aide/demande?page=%2F');
    expect(plain(form.body)).toContain('traitée par <strong>Métropole de Lyon</strong>');
    expect(form.body).not.toContain('name="email"');
    const sent = await client.post('/aide/demande', {
      page: '/',
      subject: 'Mon compte',
      message: 'Je ne retrouve pas ma demande.',
      key: 'cle-citoyen-1',
      step: 'send',
    });
    expect(sent.statusCode).toBe(200);
    const number = /n° <strong>([^<]+)<\/strong>/.exec(sent.body)?.[1] ?? '?';
    expect(number).toMatch(/^MET-/);
    expect((await client.get('/mes-demandes')).body).toContain(number);
  });
});

describe('the FAQ (issue 16 §2)', () => {
  it('is kept by a Partenaire commune for its own services, audited, and found without accents; an Abonnée commune has no such page', async () => {
    const commune = await communeWithService('partenaire');
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const page = await client.get(`/c/${commune.slug}/admin/aide`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="permis-de-test"');
    expect(page.body).not.toContain('Question générale');

    const refused = await client.post(`/c/${commune.slug}/admin/aide`, { service: '', question: 'Q', answer: 'R' });
    expect(refused.statusCode).toBe(422);
    const added = await client.post(`/c/${commune.slug}/admin/aide`, {
      service: 'permis-de-test',
      question: 'Où retirer mon permis ?',
      answer: 'À l’accueil de la mairie, sur présentation d’une pièce d’identité.',
    });
    expect(added.statusCode).toBe(303);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .where('action', '=', 'support.faq.create')
      .execute();
    expect(audit).toHaveLength(1);

    const found = await t.client().get(`/c/${commune.slug}/aide?q=${encodeURIComponent('piece identite')}`);
    expect(plain(found.body)).toContain('Où retirer mon permis ?');
    const perService = await t.client().get(`/c/${commune.slug}/aide?service=permis-de-test`);
    expect(plain(perService.body)).toContain('Aide : Demander un permis de test');
    expect(plain(perService.body)).toContain('Où retirer mon permis ?');

    const abonnee = await buildCommune(t.services, { toodego: 'abonne' });
    const otherAdmin = await buildUser(t.services, { grants: [{ tenant: abonnee, role: 'admin' }] });
    const other = await t.signedIn(otherAdmin.email, otherAdmin.password, `/c/${abonnee.slug}`);
    expect((await other.get(`/c/${abonnee.slug}/admin/aide`)).statusCode).toBe(404);
  });
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('support tickets and their working-hour deadlines (issue 16 §3, §4, §5)', () => {
  it('opens, qualifies, warns, pauses while waiting for the commune, resolves in time, notifies, and counts in the report', async () => {
    t.clock.set('2026-11-30T08:00:00Z'); // Monday 9:00 in Paris
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const referent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const communeAdmin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const operator = await buildOperator(t.services);
    const base = `/c/${commune.slug}`;
    const client = await t.signedIn(referent.email, referent.password, base);
    await client.get(`${base}/support/nouveau`);

    const fields = { subject: 'Plus de connexion', category: 'identite', description: 'Aucun agent ne se connecte.' };
    const disguised = await client.postMultipart(`${base}/support/nouveau`, fields, {
      file: { filename: 'capture.pdf', contentType: 'application/pdf', bytes: Buffer.from('pas un pdf du tout') },
    });
    expect(disguised.statusCode).toBe(422);
    expect(plain(disguised.body)).toContain('Ce type de fichier n’est pas accepté');

    const opened = await client.postMultipart(`${base}/support/nouveau`, fields, {
      file: { filename: 'journal.pdf', contentType: 'application/pdf', bytes: PDF },
    });
    expect(opened.statusCode).toBe(303);
    const ticketPath = (opened.headers.location ?? '').split('?')[0] ?? '';
    const ticketId = ticketPath.split('/').pop() ?? '';
    const page = await client.get(ticketPath);
    expect(plain(page.body)).toContain('SUP-0001');
    const fileLink = /href="([^"]+\/pieces\/[^"]+)"/.exec(page.body)?.[1] ?? '';
    const file = await client.get(fileLink);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');

    await deliverMail();
    expect(mailsTo(operator.email).map((m) => m.subject)).toContain(
      `Nouveau ticket SUP-0001 de ${commune.name} : Plus de connexion`,
    );

    const desk = await t.signedIn(operator.email, operator.password);
    const deskPath = `/admin/support/${commune.slug}/${ticketId}`;
    await desk.get(deskPath);
    expect((await desk.post(`${deskPath}/qualification`, { severity: 'bloquant' })).statusCode).toBe(303);
    expect(plain((await desk.get(deskPath)).body)).toContain('Bloquant, priorité urgente');

    // 15:30 in Paris: 6 h 30 spent of 8, a quarter left → the support is warned once.
    t.clock.set('2026-11-30T14:30:00Z');
    await t.worker.enqueueDueRecurringJobs();
    await deliverMail();
    t.clock.set('2026-11-30T14:45:00Z');
    await t.worker.enqueueDueRecurringJobs();
    await deliverMail();
    const warnings = mailsTo(operator.email).filter((m) => m.subject?.startsWith('Échéance proche'));
    expect(warnings).toHaveLength(1);

    // Waiting for the commune from 15:45 to the next morning: the clock stops. (Sessions end when idle: sign in again.)
    let deskNow = await t.signedIn(operator.email, operator.password);
    await deskNow.get(deskPath);
    const asked = await deskNow.post(`${deskPath}/messages`, {
      body: 'Pouvez-vous nous donner un identifiant ?',
      status: 'attente_commune',
    });
    expect(asked.statusCode).toBe(303);
    t.clock.set('2026-12-01T09:00:00Z'); // Tuesday 10:00: would be breached without the pause
    await t.worker.enqueueDueRecurringJobs();
    await deliverMail();
    expect(mailsTo(operator.email).filter((m) => m.subject?.startsWith('Délai dépassé'))).toHaveLength(0);
    const referentNow = await t.signedIn(referent.email, referent.password, base);
    expect(plain((await referentNow.get(ticketPath)).body)).toContain('délai suspendu');
    expect((await referentNow.post(`${ticketPath}/messages`, { body: 'agent42' })).statusCode).toBe(303);

    t.clock.set('2026-12-01T09:30:00Z'); // resolved after 6 h 45 + 30 min of working time
    deskNow = await t.signedIn(operator.email, operator.password);
    await deskNow.get(deskPath);
    await deskNow.post(`${deskPath}/messages`, { body: 'Compte réactivé.', status: 'resolu' });
    await deliverMail();
    for (const to of [referent.email, communeAdmin.email]) {
      const resolved = mailsTo(to).find((m) => m.subject === 'Ticket SUP-0001 résolu');
      expect(resolved?.text, to).toContain('résolu dans les délais');
    }
    const resolvedPage = plain((await referentNow.get(ticketPath)).body);
    expect(resolvedPage).toContain('Résolu dans les délais');
    expect(resolvedPage).toContain('7 h 15 ouvrées écoulées');

    const report = await referentNow.get(`${base}/support/conformite?du=2026-11-01&au=2026-12-31&format=csv`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(`${commune.name},2026-11-01,2026-12-31,1,1,100,oui`);
    const ods = await deskNow.get('/admin/support/conformite?du=2026-11-01&au=2026-12-31&format=ods');
    expect(ods.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    // The spreadsheet carries the same figures as the CSV, and the ticket itself on its second sheet.
    const odsContent = strFromU8(unzipSync(new Uint8Array(ods.rawPayload))['content.xml'] as Uint8Array);
    expect(odsContent).toContain(commune.name);
    expect(odsContent).toContain('office:value="100"');
    expect(odsContent).toContain('SUP-0001');
    const html = plain((await deskNow.get('/admin/support/conformite?du=2026-11-01&au=2026-12-31')).body);
    expect(html).toContain('<svg');
    expect(html).toContain(`${commune.name} : 100,0 %`);
  });

  it('counts a breached ticket against the goal, even unresolved', async () => {
    t.clock.set('2026-12-07T08:00:00Z'); // Monday 9:00
    const commune = await buildCommune(t.services, { toodego: 'connecte' });
    const referent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const operator = await buildOperator(t.services);
    const base = `/c/${commune.slug}`;
    const client = await t.signedIn(referent.email, referent.password, base);
    await client.get(`${base}/support/nouveau`);
    const opened = await client.postMultipart(
      `${base}/support/nouveau`,
      { subject: 'Connecteur arrêté', category: 'connecteur', description: 'Rien ne passe.' },
      {},
    );
    const ticketId = (opened.headers.location ?? '').split('?')[0]?.split('/').pop() ?? '';
    const desk = await t.signedIn(operator.email, operator.password);
    const deskPath = `/admin/support/${commune.slug}/${ticketId}`;
    await desk.get(deskPath);
    await desk.post(`${deskPath}/qualification`, { severity: 'majeur' });
    t.clock.set('2026-12-10T16:30:00Z'); // Thursday 17:30: 3 working days and a bit
    await t.worker.enqueueDueRecurringJobs();
    await deliverMail();
    const later = await t.signedIn(referent.email, referent.password, base);
    expect(
      mailsTo(operator.email).some((m) => m.subject === `Délai dépassé : ticket SUP-0001 de ${commune.name}`),
    ).toBe(true);
    const csv = await later.get(`${base}/support/conformite?du=2026-12-01&au=2026-12-31&format=csv`);
    expect(csv.body).toContain(`${commune.name},2026-12-01,2026-12-31,1,0,0,non`);
    expect(plain((await later.get(`${base}/support/conformite?du=2026-12-01&au=2026-12-31`)).body)).toContain(
      'Non atteint',
    );
  });
});
