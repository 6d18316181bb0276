import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { publishEService } from '../catalogue/index.ts';
import { PIVOT_ATTRIBUTES, writeAttribute } from '../identity/index.ts';

// A form prefills from the identity record only under a consent the citizen gave to
// that e-service, recorded with its wording, listed and revocable on the account page; a `certified`
// e-service admits FranceConnect-certified identities only.
let t: TestContext;
let commune: Awaited<ReturnType<typeof buildCommune>>;
let service: Awaited<ReturnType<typeof buildEService>>;

const SETTINGS = {
  office: { name: 'Service population', email: 'population@example.org', phone: '04 00 00 00 09' },
  legal: { kind: 'signalement' as const },
};
const FORM = {
  title: 'Vous',
  fields: [
    { type: 'text' as const, key: 'nom', label: 'Nom et prénom', prefill: 'fullName' as const },
    { type: 'email' as const, key: 'courriel', label: 'Adresse électronique', prefill: 'email' as const },
    { type: 'text' as const, key: 'prenom', label: 'Prénom', prefill: 'givenName' as const },
    { type: 'date' as const, key: 'naissance', label: 'Date de naissance', prefill: 'birthdate' as const },
    { type: 'address' as const, key: 'adresse', label: 'Adresse', prefill: 'address' as const },
    { type: 'textarea' as const, key: 'motif', label: 'Motif' },
  ],
};

beforeAll(async () => {
  t = await createTestContext();
  commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Pré-sur-Consentement' });
  service = await buildEService(t.services, commune, {
    form: FORM,
    access: 'account',
    title: 'Inscription sur les listes',
    settings: SETTINGS,
  });
});
afterAll(async () => {
  await t?.close();
});

const base = () => `/c/${commune.slug}`;

/** A citizen whose identity record holds a self-declared first name, birth date and address. */
async function citizenWithRecord(): Promise<{ user: Awaited<ReturnType<typeof buildUser>>; client: TestClient }> {
  const user = await buildUser(t.services, { name: 'Inès Durand' });
  const at = t.services.clock.now();
  const self = { source: 'self' as const, verifiedAt: null, acr: null };
  await writeAttribute(t.services.db, user.id, { name: 'given_name', value: 'Inès', ...self }, at);
  await writeAttribute(t.services.db, user.id, { name: 'birthdate', value: '1988-03-02', ...self }, at);
  const address = { street_address: '20 rue du Lac', postal_code: '69003', locality: 'Lyon', country: 'France' };
  await writeAttribute(t.services.db, user.id, { name: 'address', value: JSON.stringify(address), ...self }, at);
  const client = t.client();
  await client.login(user.email, user.password, base());
  return { user, client };
}

/** Presses "Commencer" on the service page; returns where it leads. */
async function commencer(client: TestClient, slug = service.slug): Promise<string> {
  await client.get(`${base()}/demarches/${slug}`);
  const started = await client.post(`${base()}/demarches/${slug}/commencer`, {});
  expect(started.statusCode).toBe(303);
  return String(started.headers.location);
}

const draftIdOf = (url: string) => /\/brouillons\/([0-9a-f-]{36})\//.exec(url)?.[1] ?? '';
const draftAnswers = async (url: string) =>
  (
    await t.services.db
      .selectFrom('request_draft')
      .select('answers')
      .where('id', '=', draftIdOf(url))
      .executeTakeFirstOrThrow()
  ).answers as Record<string, unknown>;
const consentsOf = (userId: string) =>
  t.services.db
    .selectFrom('oidc_consent')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('granted_at')
    .orderBy('id')
    .execute();

describe('the consent step before a prefilled form (G4)', () => {
  it('puts no attribute in the draft before a decision, and shows what would be shared, with its provenance and the provider', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    expect(step).toMatch(/\/brouillons\/[0-9a-f-]{36}\/consentement$/);
    expect(await draftAnswers(step)).toEqual({});

    const page = await client.get(step);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pré-remplir le formulaire avec les informations de votre compte ?');
    expect(page.body).toContain('Pré-sur-Consentement');
    expect(page.body).toContain('« Inscription sur les listes »');
    for (const shown of [
      'Nom affiché',
      'Inès Durand',
      'Adresse électronique',
      user.email,
      'Prénoms',
      'Inès',
      'Date de naissance',
      '2 mars 1988',
      'Adresse postale',
      '20 rue du Lac, 69003 Lyon, France',
    ]) {
      expect(page.body).toContain(shown);
    }
    expect(page.body).toContain('Déclaré par vous');
    // Nothing ticked in advance.
    expect(page.body).not.toMatch(/type="checkbox"[^>]*checked/);
    expect(page.body).toContain('Continuer sans pré-remplissage');

    // Skipping the step does not prefill anything either.
    const first = await client.get(step.replace(/consentement$/, 'etapes/1'));
    expect(first.body).not.toContain(`value="${user.email}"`);
    expect(await consentsOf(user.id)).toEqual([]);
  });

  it('prefills exactly the approved attributes, in the form’s formats, records the consent with its wording and lists it on the account page', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    const page = await client.get(step);
    const decided = await client.post(step, { decision: 'accepter', attribut: ['email', 'address'] });
    expect(decided.statusCode).toBe(303);
    expect(decided.headers.location).toMatch(/etapes\/1$/);
    expect(await draftAnswers(step)).toEqual({
      courriel: user.email,
      adresse: { street: '20 rue du Lac', postcode: '69003', city: 'Lyon', inseeCode: '69123' },
    });

    const first = await client.get(String(decided.headers.location));
    expect(first.body).toContain(`value="${user.email}"`);
    expect(first.body).toContain('value="20 rue du Lac"');
    expect(first.body).not.toContain('value="Inès"');
    expect(first.body).toContain('Pré-rempli à partir de votre compte');

    const [consent, ...others] = await consentsOf(user.id);
    expect(others).toEqual([]);
    expect(consent?.client_id).toBe(`service:eservice-${service.eservice.id}`);
    expect(consent?.attributes).toEqual(['email', 'address']);
    expect(consent?.refused_attributes).toEqual(['name', 'given_name', 'birthdate']);
    // The wording stored is the question the page showed.
    const lead = /<p class="lead">([^<]+)<\/p>/.exec(page.body)?.[1];
    expect(lead?.replaceAll('&#39;', "'").replaceAll('&quot;', '"')).toBe(consent?.wording);

    const account = await client.get('/compte');
    expect(account.body).toContain(`Inscription sur les listes (${commune.name})`);
    expect(account.body).toContain('Pré-remplissage des formulaires avec : Adresse électronique, Adresse postale.');

    // Reused next time: no question, the same prefill.
    const again = await commencer(client);
    expect(again).toMatch(/etapes\/1$/);
    expect(Object.keys(await draftAnswers(again)).sort()).toEqual(['adresse', 'courriel']);
  });

  it('records a refusal and does not ask again', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.get(step);
    const decided = await client.post(step, { decision: 'refuser', attribut: ['email'] });
    expect(decided.headers.location).toMatch(/etapes\/1$/);
    expect(await draftAnswers(step)).toEqual({});
    const consents = await consentsOf(user.id);
    expect(consents.map((c) => [c.attributes, c.refused_attributes])).toEqual([
      [[], ['name', 'given_name', 'birthdate', 'email', 'address']],
    ]);

    const again = await commencer(client);
    expect(again).toMatch(/etapes\/1$/);
    expect(await draftAnswers(again)).toEqual({});
    expect(await consentsOf(user.id)).toHaveLength(1);
    // The account page says nothing is used, not that something is transmitted.
    expect((await client.get('/compte')).body).toContain('Pas de pré-remplissage : vous l’avez refusé.');
  });

  it('offers a refused prefill again in one click on the next draft, and the account page says where to change it (issue 13 §10)', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.get(step);
    await client.post(step, { decision: 'refuser' });

    const next = await commencer(client);
    expect(next).toMatch(/etapes\/1$/);
    const first = await client.get(next);
    expect(first.body).toContain('Ce formulaire n’est pas pré-rempli avec les informations de votre compte');
    expect(first.body).toContain('adresse électronique');
    const review = /<a href="([^"]+\/consentement\?revoir=oui)">Revoir ce choix<\/a>/.exec(first.body)?.[1];
    expect(review).toBe(next.replace(/etapes\/1$/, 'consentement?revoir=oui'));
    expect(first.body).toContain('rubrique « Services autorisés »');

    // One click shows the choice again, nothing ticked (the refusal is in force); accepting now prefills this draft.
    const choice = await client.get(String(review));
    expect(choice.statusCode).toBe(200);
    expect(choice.body).toContain('Pré-remplir le formulaire avec les informations de votre compte ?');
    expect(choice.body).not.toMatch(/type="checkbox"[^>]*checked/);
    expect(choice.body).toContain(`action="${review}"`);
    t.clock.advance(60_000);
    const changed = await client.post(String(review), {
      decision: 'accepter',
      attribut: ['fullName', 'email', 'givenName', 'birthdate', 'address'],
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toMatch(/etapes\/1$/);
    expect((await draftAnswers(next)).courriel).toBe(user.email);
    expect((await consentsOf(user.id)).map((c) => c.refused_attributes)).toEqual([
      ['name', 'given_name', 'birthdate', 'email', 'address'],
      [],
    ]);
    // Nothing refused any more: no notice.
    expect((await client.get(next)).body).not.toContain('Revoir ce choix');

    const account = await client.get('/compte');
    expect(account.body).toContain('Pour changer un choix, retirez-le ici');
  });

  it('says on the account page how to undo a refusal (issue 13 §10)', async () => {
    const { client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.get(step);
    await client.post(step, { decision: 'refuser' });
    const account = await client.get('/compte');
    expect(account.body).toContain('Retirez ce refus pour que la question vous soit posée à nouveau.');
    expect(account.body).toContain('Retirer ce refus');
  });

  it('asks again once the consent is revoked on the account page', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.submit(step, step, { decision: 'accepter', attribut: ['fullName'] });
    expect(await commencer(client)).toMatch(/etapes\/1$/);

    const account = await client.get('/compte');
    const action = new RegExp(
      `action="([^"]*/compte/autorisations/${encodeURIComponent(`service:eservice-${service.eservice.id}`)}/retrait)"`,
    ).exec(account.body)?.[1];
    expect(action).toBeTruthy();
    const revoked = await client.post(String(action), {});
    expect(revoked.statusCode).toBe(303);

    const asked = await commencer(client);
    expect(asked).toMatch(/consentement$/);
    expect(await draftAnswers(asked)).toEqual({});
    // The revoked approval is not ticked for the citizen.
    expect((await client.get(asked)).body).not.toMatch(/type="checkbox"[^>]*checked/);
    expect((await consentsOf(user.id))[0]?.revoked_at).not.toBeNull();
  });

  it('asks again when a new form version asks for an attribute not yet decided, ticking what was approved', async () => {
    const evolving = await buildEService(t.services, commune, {
      form: { title: 'Vous', fields: [FORM.fields[1]!, FORM.fields[5]!] },
      access: 'account',
      settings: SETTINGS,
    });
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client, evolving.slug);
    await client.submit(step, step, { decision: 'accepter', attribut: ['email'] });
    await publishEService(t.services, {
      provider: commune,
      actor: SYSTEM_ACTOR,
      slug: evolving.slug,
      title: evolving.eservice.title,
      summary: 'Un service de test.',
      description: 'Un service créé par un test.',
      themes: ['Tests'],
      keywords: [],
      access: 'account',
      settings: SETTINGS,
      form: { title: 'Vous', fields: [FORM.fields[1]!, FORM.fields[4]!, FORM.fields[5]!] },
    });
    const asked = await commencer(client, evolving.slug);
    expect(asked).toMatch(/consentement$/);
    expect((await client.get(asked)).body).toMatch(/type="checkbox"[^>]*value="email"[^>]*checked/);
    // The latest decision is the one in force: it must be later than the first (consents order by time).
    t.clock.advance(60_000);
    await client.post(asked, { decision: 'accepter', attribut: ['email', 'address'] });
    expect(Object.keys(await draftAnswers(asked)).sort()).toEqual(['adresse', 'courriel']);
    expect((await consentsOf(user.id)).map((c) => c.attributes)).toEqual([['email'], ['email', 'address']]);
  });

  it('asks to tick something, or to continue without prefill, and records nothing meanwhile', async () => {
    const { user, client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.get(step);
    const empty = await client.post(step, { decision: 'accepter' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<title>Erreur – ');
    expect(empty.body).toContain('class="error-summary"');
    expect(empty.body).toContain(
      'Cochez au moins une information à utiliser, ou choisissez « Continuer sans pré-remplissage ».',
    );
    expect(await consentsOf(user.id)).toEqual([]);
  });

  it('has no consent step for a form that prefills nothing, nor for an anonymous visitor', async () => {
    const plain = await buildEService(t.services, commune, {
      form: { title: 'Motif', fields: [{ type: 'textarea', key: 'motif', label: 'Motif' }] },
      access: 'account',
      settings: SETTINGS,
    });
    const { client } = await citizenWithRecord();
    expect(await commencer(client, plain.slug)).toMatch(/etapes\/1$/);

    const open = await buildEService(t.services, commune, { form: FORM, access: 'anonymous', settings: SETTINGS });
    const anonymous = t.client();
    const first = await commencer(anonymous, open.slug);
    expect(first).toMatch(/etapes\/1$/);
    expect((await anonymous.get(first.replace(/etapes\/1$/, 'consentement'))).statusCode).toBe(404);
  });

  it('never prefills through the JSON API: the app gives the answers (issue 4 §3)', async () => {
    const { client } = await citizenWithRecord();
    const step = await commencer(client);
    await client.submit(step, step, {
      decision: 'accepter',
      attribut: ['fullName', 'email', 'givenName', 'birthdate', 'address'],
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `${base()}/api/services/${service.slug}/requests`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `prefill-${Date.now()}`,
        cookie: client.cookieHeader,
        origin: t.services.config.publicUrl,
      },
      payload: JSON.stringify({ answers: { motif: 'Par l’application' } }),
    });
    expect(response.statusCode).toBe(422);
    const fields = (response.json().errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual([
      'answers.nom',
      'answers.courriel',
      'answers.prenom',
      'answers.naissance',
      'answers.adresse',
    ]);
  });
});

describe('certified access (G3)', () => {
  it('admits an identity certified by FranceConnect and refuses a self-declared one', async () => {
    const certifiedService = await buildEService(t.services, commune, {
      form: { title: 'Motif', fields: [{ type: 'textarea', key: 'motif', label: 'Motif' }] },
      access: 'certified',
      settings: SETTINGS,
    });

    const { client: selfDeclared } = await citizenWithRecord();
    const page = await selfDeclared.get(`${base()}/demarches/${certifiedService.slug}`);
    expect(page.body).toContain('FranceConnect');
    const refused = await selfDeclared.post(`${base()}/demarches/${certifiedService.slug}/commencer`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Cette démarche demande une identité certifiée par FranceConnect.');

    const certified = await buildUser(t.services);
    const at = t.services.clock.now();
    const pivot: Record<string, string> = {
      given_name: 'Inès',
      family_name: 'DURAND',
      birthdate: '1988-03-02',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
    };
    for (const name of PIVOT_ATTRIBUTES)
      await writeAttribute(
        t.services.db,
        certified.id,
        { name, value: pivot[name] ?? '', source: 'franceconnect', verifiedAt: at, acr: 'eidas1' },
        at,
      );
    const client = t.client();
    await client.login(certified.email, certified.password, base());
    expect(await commencer(client, certifiedService.slug)).toMatch(/etapes\/1$/);
  });
});
