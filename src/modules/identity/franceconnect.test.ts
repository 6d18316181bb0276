import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { BrowserAgent, type Hop } from '../../../test/identity/browser-agent.ts';
import { type FakePartner, franceConnectCitizen } from '../../../test/identity/fake-partner.ts';
import { startWithPartners } from '../../../test/identity/identity-server.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { listAttributes, writeAttribute } from './identity.repo.ts';

// FranceConnect v2 and ProConnect, each a real OpenID provider on loopback enforcing the
// partners' rules, against our relying-party code.
let t: TestContext;
let baseUrl: string;
let franceConnect: FakePartner;
let proConnect: FakePartner;

beforeAll(async () => {
  ({ t, baseUrl, franceConnect, proConnect } = await startWithPartners());
});
afterAll(async () => {
  await franceConnect?.close();
  await proConnect?.close();
  await t?.close();
});

let counter = 0;
const uniqueSub = () => `fc-sub-${Date.now()}-${counter++}`;
/** A letter tag unique to this run: tests never truncate, so a person must not meet a previous run's twin. */
const tag = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}`
    .replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[Number(d)]!)
    .toUpperCase();

/** A citizen FranceConnect knows, unique to this test: own sub, own e-mail, own family name. */
function someone(overrides: Partial<Record<string, string>> = {}) {
  const id = tag();
  return franceConnectCitizen(
    { family_name: `DUBOIS${id}`, email: `personne.${id.toLowerCase()}@example.org`, ...overrides },
    uniqueSub(),
  );
}

/** Clicks "S'identifier avec FranceConnect" and follows the whole round trip back to our site. */
async function loginWithPartner(
  agent: BrowserAgent,
  partner: 'franceconnect' | 'proconnect',
  query = '',
): Promise<Hop> {
  return agent.follow(`${baseUrl}/${partner}/connexion${query}`, { stopAt: `${baseUrl}/nulle-part` });
}

describe('the FranceConnect button (G2)', () => {
  it('comes first on the login and sign-up pages, as the State asks, with its "what is it" link', async () => {
    for (const path of ['/connexion', '/inscription']) {
      const page = await fetch(`${baseUrl}${path}`).then((r) => r.text());
      const button = page.indexOf('class="fr-connect"');
      const form = page.indexOf('<form method="post"', page.indexOf('<main'));
      expect(button, path).toBeGreaterThan(0);
      expect(button, `${path}: the button comes before the local form`).toBeLessThan(form);
      expect(page).toContain('S’identifier avec</span> <span class="fr-connect__brand">FranceConnect');
      expect(page).toContain('Qu’est-ce que FranceConnect ?');
      expect(page).toContain('class="or-separator"');
    }
    const login = await fetch(`${baseUrl}/connexion`).then((r) => r.text());
    expect(login).toContain('fr-connect--pro');
  });
});

describe('logging in with FranceConnect', () => {
  it('creates an account whose six pivot attributes are certified, after a code flow that follows the partner rules', async () => {
    franceConnect.person = someone();
    const email = String(franceConnect.person.claims.email);
    const familyName = String(franceConnect.person.claims.family_name);
    const agent = new BrowserAgent();
    const landed = await loginWithPartner(agent, 'franceconnect');
    expect(landed.url).toBe(`${baseUrl}/compte`);
    expect(landed.status).toBe(200);
    expect(franceConnect.refusals).toEqual([]);
    const authorize = franceConnect.authorizeRequests.at(-1)!;
    expect(authorize.get('acr_values')).toBe('eidas1');
    expect(authorize.get('response_type')).toBe('code');
    expect(authorize.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(authorize.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect([...authorize.keys()].sort()).toEqual([
      'acr_values',
      'client_id',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);

    const account = await findAccountByEmail(t.services.db, email);
    expect(account).toBeDefined();
    expect(account!.password_hash).toBeNull();
    const attributes = await listAttributes(t.services.db, account!.id);
    const pivot = attributes.filter((a) =>
      ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'].includes(a.name),
    );
    expect(pivot).toHaveLength(6);
    for (const attribute of pivot) {
      expect(attribute.source).toBe('franceconnect');
      expect(attribute.acr).toBe('eidas1');
      expect(attribute.verified_at).toBeInstanceOf(Date);
    }
    expect(landed.body).toContain('Votre identité est certifiée par FranceConnect');
    expect(landed.body).toContain('Angela Claire Louise');

    // Certified attributes are locked: the form does not offer them, and a forged post does not change them.
    const form = await agent.request(`${baseUrl}/compte/identite`);
    expect(form.body).not.toContain('name="family_name"');
    await agent.submit(form, /\/compte\/identite$/, { family_name: 'AUTRE', phone_number: '06 12 34 56 78' });
    const after = await listAttributes(t.services.db, account!.id);
    expect(after.find((a) => a.name === 'family_name')?.value).toBe(familyName);
    expect(after.find((a) => a.name === 'phone_number')).toMatchObject({ value: '+33612345678', source: 'self' });

    // The same FranceConnect identity comes back to the same account.
    const again = new BrowserAgent();
    expect((await loginWithPartner(again, 'franceconnect')).url).toBe(`${baseUrl}/compte`);
    const count = await t.services.db
      .selectFrom('federation_link')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subject', '=', franceConnect.person.sub)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('links automatically to the local account whose six declared pivot fields match exactly', async () => {
    const user = await buildUser(t.services);
    const person = someone({ given_name: 'Jean Paul', birthdate: '1980-01-31' });
    for (const [name, value] of Object.entries(person.claims)) {
      if (['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'].includes(name)) {
        await writeAttribute(
          t.services.db,
          user.id,
          { name, value, source: 'self', verifiedAt: null, acr: null },
          t.clock.now(),
        );
      }
    }
    franceConnect.person = person;
    const landed = await loginWithPartner(new BrowserAgent(), 'franceconnect');
    expect(landed.url).toBe(`${baseUrl}/compte`);
    expect(landed.body).toContain(user.email);
    expect((await listAttributes(t.services.db, user.id)).find((a) => a.name === 'family_name')?.source).toBe(
      'franceconnect',
    );
  });

  it('does not link when only some pivot fields match, and explains what to do when the e-mail is taken', async () => {
    const user = await buildUser(t.services);
    franceConnect.person = someone({ email: user.email });
    const given = String(franceConnect.person.claims.given_name);
    const family = String(franceConnect.person.claims.family_name);
    await writeAttribute(
      t.services.db,
      user.id,
      { name: 'given_name', value: given, source: 'self', verifiedAt: null, acr: null },
      t.clock.now(),
    );
    await writeAttribute(
      t.services.db,
      user.id,
      { name: 'family_name', value: family, source: 'self', verifiedAt: null, acr: null },
      t.clock.now(),
    );
    const page = await loginWithPartner(new BrowserAgent(), 'franceconnect');
    expect(page.status).toBe(409);
    expect(page.body).toContain('Un compte GrandLyon Connect existe déjà avec votre adresse électronique');
    expect(
      await t.services.db
        .selectFrom('federation_link')
        .select('user_id')
        .where('user_id', '=', user.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('rejects a tampered userinfo: no session, no account (signature checked)', async () => {
    franceConnect.person = someone();
    const victim = String(franceConnect.person.claims.email);
    franceConnect.tamperUserinfo = true;
    try {
      const agent = new BrowserAgent();
      const page = await loginWithPartner(agent, 'franceconnect');
      expect(page.status).toBe(400);
      expect(page.body).toContain('n’a pas pu être vérifiée');
      expect(agent.cookie(new URL(baseUrl).host, 'communs_session')).toBeUndefined();
      expect(await findAccountByEmail(t.services.db, victim)).toBeUndefined();
    } finally {
      franceConnect.tamperUserinfo = false;
    }
  });

  it('refuses a callback whose state this browser did not start', async () => {
    franceConnect.person = someone();
    const victim = new BrowserAgent();
    // The attacker starts a login and hands the callback URL to someone else's browser.
    const attacker = new BrowserAgent();
    const callback = await attacker.follow(`${baseUrl}/franceconnect/connexion`, {
      stopAt: `${baseUrl}/franceconnect/retour`,
    });
    const page = await victim.request(callback.location!);
    expect(page.status).toBe(400);
    expect(page.body).toContain('ne vient pas de ce navigateur');
  });

  it('logs out through FranceConnect’s end-session endpoint, with id_token_hint, state and the registered return address', async () => {
    franceConnect.person = someone();
    const agent = new BrowserAgent();
    const account = await loginWithPartner(agent, 'franceconnect');
    // Pages of a FranceConnect session let the logout form reach FranceConnect (and only then).
    const csp = (
      await fetch(`${baseUrl}/compte`, {
        headers: { cookie: `communs_session=${agent.cookie(new URL(baseUrl).host, 'communs_session')}` },
      })
    ).headers.get('content-security-policy');
    expect(csp).toContain(`form-action 'self' ${new URL(franceConnect.issuer).origin}`);
    const logout = await agent.submit(account, /\/deconnexion$/, {});
    expect(logout.status).toBe(303);
    expect(logout.location).toMatch(new RegExp(`^${franceConnect.issuer}/session/end\\?`));
    const back = await agent.follow(logout, { stopAt: `${baseUrl}/franceconnect/deconnexion` });
    // The fake's page submits itself; the agent does what the browser's script would.
    const confirmed = back.location
      ? back
      : await agent.follow(await agent.submit(back, /session\/end\/confirm/, {}), {
          stopAt: `${baseUrl}/franceconnect/deconnexion`,
        });
    const request = franceConnect.endSessionRequests.at(-1)!;
    expect(request.get('id_token_hint')).toBeTruthy();
    expect(request.get('post_logout_redirect_uri')).toBe(`${baseUrl}/franceconnect/deconnexion`);
    expect(confirmed.location).toBe(`${baseUrl}/franceconnect/deconnexion?state=${request.get('state')}`);
    const home = await agent.follow(confirmed.location!);
    expect(home.url).toBe(`${baseUrl}/connexion?fait=deconnexion`);
    expect(home.body).toContain('Vous êtes déconnecté');
    expect((await agent.request(`${baseUrl}/compte`)).status).toBe(303);
  });

  it('links FranceConnect from the account page, and unlinking un-certifies (a password is needed first)', async () => {
    const user = await buildUser(t.services);
    franceConnect.person = someone();
    const family = String(franceConnect.person.claims.family_name);
    const agent = new BrowserAgent();
    await agent.follow(
      await agent.submit(await agent.request(`${baseUrl}/connexion`), /\/connexion/, {
        email: user.email,
        password: TEST_PASSWORD,
      }),
    );
    const linked = await loginWithPartner(agent, 'franceconnect', '?lier=oui');
    expect(linked.url).toBe(`${baseUrl}/compte?fait=franceconnect-lie`);
    expect(linked.body).toContain('Votre identité est certifiée par FranceConnect');
    // The six pivot fields (the e-mail FranceConnect gave differs from the account's: it stays as it was).
    expect((await listAttributes(t.services.db, user.id)).filter((a) => a.source === 'franceconnect')).toHaveLength(6);

    const unlinked = await agent.follow(await agent.submit(linked, /\/compte\/franceconnect\/retrait$/, {}));
    expect(unlinked.body).toContain('FranceConnect est délié');
    const attributes = await listAttributes(t.services.db, user.id);
    expect(attributes.filter((a) => a.source === 'franceconnect')).toEqual([]);
    expect(attributes.find((a) => a.name === 'family_name')).toMatchObject({
      value: family,
      source: 'self',
      verified_at: null,
      acr: null,
    });

    // An account opened with FranceConnect has no password: unlinking would lock its owner out.
    franceConnect.person = someone();
    const fcOnly = new BrowserAgent();
    const page = await loginWithPartner(fcOnly, 'franceconnect');
    const refused = await fcOnly.submit(page, /\/compte\/franceconnect\/retrait$/, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Définissez d’abord un mot de passe');
  });
});

describe('logging in with ProConnect (G8)', () => {
  it('matches an agent by e-mail the first time, then by (idp_id, sub); tenant and roles stay those of Communs', async () => {
    const agentAccount = await buildUser(t.services);
    proConnect.person = {
      sub: `pc-${Date.now()}`,
      claims: {
        given_name: 'Sacha',
        usual_name: 'AGENT',
        email: agentAccount.email,
        uid: '1',
        siret: '21690001700018',
        idp_id: 'idp-mairie',
      },
    };
    const first = await loginWithPartner(new BrowserAgent(), 'proconnect');
    expect(first.url).toBe(`${baseUrl}/compte`);
    expect(first.body).toContain(agentAccount.email);
    expect(proConnect.refusals).toEqual([]);
    expect(proConnect.authorizeRequests.at(-1)!.get('acr_values')).toBeNull();

    // Later the agent's e-mail changed at their identity provider: (idp_id, sub) still finds them.
    proConnect.person = {
      ...proConnect.person,
      claims: { ...proConnect.person.claims, email: 'nouvelle.adresse@mairie.example.org' },
    };
    const second = await loginWithPartner(new BrowserAgent(), 'proconnect');
    expect(second.body).toContain(agentAccount.email);
    expect(second.body).toContain('Compte lié à votre identité d’agent public');

    // The same sub from another identity provider is someone else: a new account, without any role.
    proConnect.person = {
      ...proConnect.person,
      claims: { ...proConnect.person.claims, idp_id: 'idp-autre', email: `autre.${Date.now()}@mairie.example.org` },
    };
    const other = await loginWithPartner(new BrowserAgent(), 'proconnect');
    expect(other.body).toMatch(/Vous utilisez Communs en tant qu.usager/);
    expect(other.body).not.toContain(agentAccount.email);
  });
});

describe('deleting an account opened with FranceConnect (P2)', () => {
  it('asks for a fresh FranceConnect login (prompt=login) before deleting', async () => {
    franceConnect.person = someone();
    const agent = new BrowserAgent();
    await loginWithPartner(agent, 'franceconnect');
    const page = await agent.request(`${baseUrl}/compte/suppression`);
    expect(page.body).toContain('reconnectez-vous avec FranceConnect');
    const refused = await agent.request(`${baseUrl}/compte/suppression`, {
      method: 'POST',
      form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! },
    });
    expect(refused.status).toBe(422);
    const back = await loginWithPartner(
      agent,
      'franceconnect',
      `?reauthentification=oui&retour=${encodeURIComponent('/compte/suppression')}`,
    );
    expect(franceConnect.authorizeRequests.at(-1)!.get('prompt')).toBe('login');
    expect(back.url).toBe(`${baseUrl}/compte/suppression`);
    const deleted = await agent.submit(back, /\/compte\/suppression$/, {});
    expect(deleted.status).toBe(200);
    expect(deleted.body).toContain('Votre compte a été supprimé');
    expect(await findAccountByEmail(t.services.db, String(franceConnect.person.claims.email))).toBeUndefined();
  });
});
