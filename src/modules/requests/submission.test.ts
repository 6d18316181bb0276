import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { demoLogoPng } from './demo/demo-logo.ts';

// A citizen fills a multi-page form (errors, conditions, prefill), submits once whatever they do, gets
// the legal acknowledgement as a page and by e-mail (real SMTP), and finds the request on their dashboard.
let t: TestContext;
let smtp: SmtpCatcher;
let commune: Awaited<ReturnType<typeof buildCommune>>;
let service: Awaited<ReturnType<typeof buildEService>>;
let anonymousService: Awaited<ReturnType<typeof buildEService>>;

const FORM = {
  title: 'Vous',
  fields: [
    { type: 'text' as const, key: 'nom', label: 'Nom et prénom', prefill: 'fullName' as const },
    { type: 'email' as const, key: 'courriel', label: 'Adresse électronique', prefill: 'email' as const },
    { type: 'text' as const, key: 'code_postal', label: 'Code postal', format: 'postcode' as const },
    { type: 'date' as const, key: 'naissance', label: 'Date de naissance', max: 'today' as const },
    { type: 'pageBreak' as const, key: 'p2', title: 'Votre demande' },
    {
      type: 'choice' as const,
      key: 'motif',
      label: 'Motif',
      options: [
        { value: 'inscription', label: 'Inscription' },
        { value: 'autre', label: 'Autre motif' },
      ],
    },
    {
      type: 'textarea' as const,
      key: 'precision',
      label: 'Précisez le motif',
      condition: { field: 'motif', equals: 'autre' },
    },
    { type: 'number' as const, key: 'nombre', label: 'Nombre de places', integer: true, min: 1, max: 5 },
    { type: 'file' as const, key: 'piece', label: 'Justificatif', required: false },
    { type: 'checkbox' as const, key: 'accord', label: "J'atteste l'exactitude de ces informations" },
  ],
};

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Villeneuve-sur-Test' });
  service = await buildEService(t.services, commune, {
    form: FORM,
    access: 'account',
    title: 'Inscription au restaurant scolaire',
    settings: {
      office: {
        name: 'Service enfance',
        email: 'enfance@villeneuve.example.org',
        phone: '04 00 00 00 01',
        postalAddress: '1 place de la Mairie',
      },
      legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2 } },
    },
  });
  anonymousService = await buildEService(t.services, commune, {
    form: {
      title: 'Signalement',
      fields: [
        { type: 'textarea', key: 'description', label: 'Description' },
        { type: 'file', key: 'photo', label: 'Photo', required: false, accept: ['image'] },
      ],
    },
    access: 'anonymous',
    settings: {
      office: { name: 'Services techniques', email: 'st@villeneuve.example.org', phone: '04 00 00 00 02' },
      legal: { kind: 'signalement' },
    },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const base = () => `/c/${commune.slug}`;

/**
 * Starts a form; a signed-in citizen with no prefill decision yet for the service passes the consent step first,
 * with the given decision.
 */
async function start(
  client: TestClient,
  slug: string,
  consent?: { decision: 'accepter' | 'refuser'; attributes?: string[] },
): Promise<string> {
  await client.get(`${base()}/demarches/${slug}`);
  const started = await client.post(`${base()}/demarches/${slug}/commencer`, {});
  expect(started.statusCode).toBe(303);
  const location = String(started.headers.location);
  if (!location.endsWith('/consentement')) return location;
  expect(consent, 'unexpected consent step').toBeDefined();
  const decided = await client.submit(location, location, {
    decision: consent?.decision ?? 'refuser',
    attribut: consent?.attributes ?? [],
  });
  expect(decided.statusCode).toBe(303);
  return String(decided.headers.location);
}

const storedFiles = async () =>
  Number(
    (
      await t.services.db
        .selectFrom('stored_file')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', commune.id)
        .executeTakeFirst()
    )?.n ?? 0,
  );

describe('filling and sending a form (T2)', () => {
  it('goes through errors, conditions and pages, then submits once, with the acknowledgement by e-mail (T18) and on the dashboard (T3)', async () => {
    const user = await buildUser(t.services, { name: 'Camille Test' });
    const client = t.client();
    await client.login(user.email, user.password, base());
    const page1 = await start(client, service.slug, { decision: 'accepter', attributes: ['fullName', 'email'] });
    expect(page1).toMatch(/\/brouillons\/[0-9a-f-]{36}\/etapes\/1$/);

    // Prefill from the identity record, once consented, shown as such.
    const shown = await client.get(page1);
    expect(shown.body).toContain(`value="${user.email}"`);
    expect(shown.body).toContain('Pré-rempli à partir de votre compte');

    // Errors: a summary on top, each field named, 422, nothing saved.
    const wrong = await client.post(page1, {
      _action: 'continuer',
      nom: '<b>Camille</b>',
      courriel: user.email,
      code_postal: '6970',
      'naissance.jour': '31',
      'naissance.mois': '2',
      'naissance.annee': '2001',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<title>Erreur – ');
    expect(wrong.body).toContain('class="error-summary"');
    expect(wrong.body).toContain('Nom et prénom : Retirez les balises HTML');
    expect(wrong.body).toContain('Code postal : Saisissez un code postal à 5 chiffres');
    expect(wrong.body).toContain("Date de naissance : Cette date n'existe pas");

    const ok1 = await client.post(page1, {
      _action: 'continuer',
      nom: 'Camille Test',
      courriel: user.email,
      code_postal: '69700',
      'naissance.jour': '14',
      'naissance.mois': '7',
      'naissance.annee': '2001',
    });
    expect(ok1.statusCode).toBe(303);
    const page2 = String(ok1.headers.location);
    expect(page2).toMatch(/etapes\/2$/);

    // The conditional question is required only when its condition holds (evaluated on the server).
    const missing = await client.post(page2, { _action: 'continuer', motif: 'autre', nombre: '2', accord: 'oui' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Précisez le motif : Ce champ est obligatoire.');
    const tooMany = await client.post(page2, { _action: 'continuer', motif: 'inscription', nombre: '9' });
    expect(tooMany.body).toContain('Nombre de places : Saisissez un nombre entre 1 et 5.');
    expect(tooMany.body).toContain("J'atteste l'exactitude de ces informations : Cochez cette case pour continuer.");
    const ok2 = await client.post(page2, {
      _action: 'continuer',
      motif: 'autre',
      precision: 'Une semaine sur deux',
      nombre: '2',
      accord: 'oui',
    });
    expect(ok2.headers.location).toMatch(/recapitulatif$/);

    const review = await client.get(String(ok2.headers.location));
    expect(review.body).toContain('Une semaine sur deux');
    expect(review.body).toContain('14 juillet 2001');
    const key = /name="_idem" value="([^"]+)"/.exec(review.body)?.[1];
    expect(key).toBeTruthy();
    const action = String(ok2.headers.location).replace(/recapitulatif$/, 'envoyer');

    // Sending twice (double click, reload) gives the same request.
    const sent = await client.post(action, { _idem: key ?? '' });
    expect(sent.statusCode).toBe(303);
    const again = await client.post(action, { _idem: key ?? '' });
    expect(again.headers.location).toBe(sent.headers.location);
    const count = await t.services.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('citizen_user_id', '=', user.id)
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(1);

    const ack = await client.get(String(sent.headers.location));
    expect(ack.statusCode).toBe(200);
    const number = /Numéro : <strong>([^<]+)<\/strong>/.exec(ack.body)?.[1] ?? '';
    expect(number).toMatch(/^[A-Z0-9-]+-2026-\d{6}$/);
    expect(ack.body).toContain('Service chargé de votre dossier : Service enfance');
    expect(ack.body).toContain('réputée acceptée');
    expect(ack.body).toContain('30 janvier 2027');

    await t.worker.drain();
    const mails = await smtp.waitFor(1);
    const mail = mails.find((m) => m.subject?.includes(number));
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toContain(user.email);
    expect(mail?.text).toContain('Nous avons reçu votre demande « Inscription au restaurant scolaire »');
    expect(mail?.text).toContain('téléphone : 04 00 00 00 01');
    expect(mail?.text).toContain("silence de l'administration vaut décision implicite d'acceptation");
    expect(mail?.text).toContain('article L232-3');

    const dashboard = await client.get(`${base()}/mes-demandes`);
    expect(dashboard.body).toContain(number);
    expect(dashboard.body).toContain('Demande reçue');
    expect(dashboard.body).toContain('Villeneuve-sur-Test');
  });

  it('saves drafts at every page and offers to resume them from the dashboard', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password, base());
    const page1 = await start(client, service.slug, { decision: 'refuser' });
    const saved = await client.post(page1, {
      _action: 'enregistrer',
      nom: 'Dominique',
      courriel: 'pas-une-adresse',
      code_postal: '69700',
    });
    expect(saved.headers.location).toBe(`${base()}/mes-demandes?fait=brouillon`);
    const dashboard = await client.get(`${base()}/mes-demandes`);
    expect(dashboard.body).toContain('Reprendre : Inscription au restaurant scolaire');
    const draftId = /\/brouillons\/([0-9a-f-]{36})/.exec(page1)?.[1];
    const resumed = await client.get(`${base()}/brouillons/${draftId}/etapes/1`);
    // Valid answers were kept, the invalid one was not.
    expect(resumed.body).toContain('value="Dominique"');
    expect(resumed.body).not.toContain('pas-une-adresse');
  });

  it('lets nobody else open a draft', async () => {
    const owner = await buildUser(t.services);
    const other = await buildUser(t.services);
    const ownerClient = t.client();
    await ownerClient.login(owner.email, owner.password, base());
    const page1 = await start(ownerClient, service.slug, { decision: 'refuser' });
    const otherClient = t.client();
    await otherClient.login(other.email, other.password, base());
    expect((await otherClient.get(page1)).statusCode).toBe(404);
    expect((await t.client().get(page1)).statusCode).toBe(404);
  });

  it('says "not found", never a server error, for an address whose id is not a uuid', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password, base());
    for (const id of ['-'.repeat(36), 'a'.repeat(36), '0123456789abcdef0123456789abcdef0123']) {
      for (const path of [
        `/brouillons/${id}`,
        `/brouillons/${id}/etapes/1`,
        `/brouillons/${id}/recapitulatif`,
        `/mes-demandes/${id}`,
      ]) {
        expect((await client.get(`${base()}${path}`)).statusCode, path).toBe(404);
      }
    }
  });

  it('requires an account where the service says so', async () => {
    const anonymous = t.client();
    const page = await anonymous.get(`${base()}/demarches/${service.slug}`);
    expect(page.body).toContain('Se connecter pour commencer');
    await anonymous.get(`${base()}/connexion`);
    expect((await anonymous.post(`${base()}/demarches/${service.slug}/commencer`, {})).statusCode).toBe(401);
  });
});

describe('without an account, with a tracking code', () => {
  it('asks for an e-mail, acknowledges it there, and follows the request by its code', async () => {
    const client = t.client();
    const page1 = await start(client, anonymousService.slug);
    const next = await client.post(page1, { _action: 'continuer', description: 'Un lampadaire clignote.' });
    const reviewUrl = String(next.headers.location);
    const review = await client.get(reviewUrl);
    const key = /name="_idem" value="([^"]+)"/.exec(review.body)?.[1] ?? '';
    const action = reviewUrl.replace(/recapitulatif$/, 'envoyer');
    const noEmail = await client.post(action, { _idem: key, contact_email: '' });
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.body).toContain('Adresse électronique : Saisissez votre adresse électronique');
    const sent = await client.post(action, { _idem: key, contact_email: 'anonyme@example.org', sms: '06 12 34 56 78' });
    expect(sent.headers.location).toMatch(/\/suivi\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\/accuse-de-reception$/);
    const ack = await client.get(String(sent.headers.location));
    expect(ack.body).toContain("Ce signalement n'appelle pas de décision");
    const code = /suivi\/([0-9A-Z-]{14})/.exec(String(sent.headers.location))?.[1] ?? '';

    // Anyone with the code (typed loosely) finds it; a wrong code gets a clear message.
    const lookup = await t.client().get(`/suivi?code=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`);
    expect(lookup.headers.location).toBe(`${base()}/suivi/${code}`);
    const tracked = await t.client().get(`${base()}/suivi/${code}`);
    expect(tracked.body).toContain('Un lampadaire clignote.');
    const unknown = await t.client().get('/suivi?code=AAAA-BBBB-CCCC');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Aucune demande ne correspond à ce code');
  });
});

describe('tracking pages are kept by no cache (issue 13 §5)', () => {
  it('answers the tracking page, its acknowledgement and its documents with Cache-Control: no-store', async () => {
    const submitted = await t.app.inject({
      method: 'POST',
      url: `${base()}/api/services/${anonymousService.slug}/requests`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `no-store-${Date.now()}` },
      payload: {
        answers: {
          description: 'Un panneau tombé.',
          photo: { name: 'photo.png', contentBase64: demoLogoPng([9, 8, 7]).toString('base64') },
        },
        contactEmail: 'anonyme@example.org',
      },
    });
    expect(submitted.statusCode).toBe(201);
    const code = submitted.json<{ trackingCode: string }>().trackingCode;
    const visitor = t.client();
    const page = await visitor.get(`${base()}/suivi/${code}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const acknowledgement = await visitor.get(`${base()}/suivi/${code}/accuse-de-reception`);
    expect(acknowledgement.statusCode).toBe(200);
    expect(acknowledgement.headers['cache-control']).toBe('no-store');
    const document = /href="([^"]*\/suivi\/[^"]*\/documents\/[^"]+)"/.exec(page.body)?.[1];
    expect(document, 'a link to the photo').toBeDefined();
    const file = await visitor.get(document!.replace(/&amp;/g, '&'));
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('no-store');
  });
});

describe('bad input stores nothing partial', () => {
  it('refuses an oversized file, a file whose content is not its type, and markup, naming the field, and stores no file', async () => {
    const client = t.client();
    const page1 = await start(client, anonymousService.slug);
    await client.get(page1);
    const before = await storedFiles();
    const oversized = await client.postMultipart(
      page1,
      { _action: 'continuer', description: 'Trop gros' },
      {
        photo: {
          filename: 'photo.png',
          contentType: 'image/png',
          bytes: Buffer.concat([demoLogoPng([1, 2, 3]), Buffer.alloc(6 * 1024 * 1024)]),
        },
      },
    );
    expect(oversized.statusCode).toBe(422);
    expect(oversized.body).toContain('Photo : Le fichier « photo.png » dépasse 5 Mo');
    const fake = await client.postMultipart(
      page1,
      { _action: 'continuer', description: 'Faux fichier' },
      { photo: { filename: 'photo.png', contentType: 'image/png', bytes: Buffer.from('<html>pas une image</html>') } },
    );
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain(
      "Photo : Le contenu du fichier « photo.png » n'est pas d'un type accepté (PNG, JPEG, WebP), quel que soit son nom.",
    );
    const markup = await client.postMultipart(
      page1,
      { _action: 'continuer', description: '<script>alert(1)</script>' },
      { photo: { filename: 'ok.png', contentType: 'image/png', bytes: demoLogoPng([9, 9, 9]) } },
    );
    expect(markup.statusCode).toBe(422);
    expect(markup.body).toContain('Description : Retirez les balises HTML');
    expect(markup.body).not.toContain('<script>alert(1)</script>');
    expect(await storedFiles()).toBe(before);
    const draft = await t.services.db
      .selectFrom('request_draft')
      .select('answers')
      .where('id', '=', /brouillons\/([0-9a-f-]{36})/.exec(page1)?.[1] ?? '')
      .executeTakeFirstOrThrow();
    expect(draft.answers).toEqual({});

    const good = await client.postMultipart(
      page1,
      { _action: 'continuer', description: 'Une vraie photo' },
      { photo: { filename: 'vraie.png', contentType: 'image/png', bytes: demoLogoPng([9, 9, 9]) } },
    );
    expect(good.statusCode).toBe(303);
    expect(await storedFiles()).toBe(before + 1);
  });
});
