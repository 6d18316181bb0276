import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { findAccountByEmail, findAccountById } from '../../platform/auth/accounts.repo.ts';
import { insertConsent } from './consents.repo.ts';
import { findIdentityAccount, listAttributes } from './identity.repo.ts';
import { identityRuntime } from './identity-runtime.ts';
import { totpCode } from './totp.ts';

// Sign-up with e-mail verification, password rules, reset, e-mail change, second factor, data export,
// deletion — through the real forms, with mail received over SMTP.
let t: TestContext;
let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Delivers queued mail and returns the last message sent to `to`. */
async function lastMailTo(to: string) {
  const before = smtp.messages.length;
  await t.worker.drain();
  await smtp.waitFor(before + 1).catch(() => undefined);
  const mail = [...smtp.messages].reverse().find((m) => m.to && JSON.stringify(m.to).includes(to));
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, '\\$&')}[^\\s]*`).exec(text ?? '');
  if (!match) throw new Error(`no link to ${path} in ${text}`);
  return new URL(match[0]).pathname + new URL(match[0]).search;
}

async function logIn(client: TestClient, email: string, password: string) {
  return client.submit('/connexion', '/connexion', { email, password });
}

describe('sign-up (G1)', () => {
  it('creates the account only once the e-mail link is followed, then logs the person in', async () => {
    const client = t.client();
    const email = `inscription.${Date.now()}@example.org`;
    const sent = await client.submit('/inscription', '/inscription', {
      givenName: 'Léa',
      familyName: 'Durand',
      email,
      password: 'Un-mot-de-passe-2026!',
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Vérifiez votre messagerie');
    expect(await findAccountByEmail(t.services.db, email)).toBeUndefined();

    const mail = await lastMailTo(email);
    expect(mail.subject).toBe('Confirmez la création de votre compte GrandLyon Connect');
    const link = linkIn(mail.text, '/inscription/confirmer?jeton=');
    const confirm = await client.get(link);
    expect(confirm.body).toContain('Activer mon compte');
    const token = new URLSearchParams(link.split('?')[1]).get('jeton')!;
    const activated = await client.post('/inscription/confirmer', { jeton: token });
    expect(activated.statusCode).toBe(303);
    expect(activated.headers.location).toBe('/compte?fait=bienvenue');
    const account = await findAccountByEmail(t.services.db, email);
    expect(account?.display_name).toBe('Léa Durand');
    expect((await findIdentityAccount(t.services.db, account!.id)).emailVerifiedAt).toBeInstanceOf(Date);
    const page = await client.get('/compte?fait=bienvenue');
    expect(page.body).toContain('Votre compte est activé');
    expect(page.body).toContain('Vérifiée');

    // The link works once.
    const again = await t.client().submit(link, '/inscription/confirmer', { jeton: token });
    expect(again.statusCode).toBe(410);
  });

  it('refuses a password outside the CNIL rules, naming the field, in French', async () => {
    const client = t.client();
    const response = await client.submit('/inscription', '/inscription', {
      givenName: 'A',
      familyName: 'B',
      email: 'faible@example.org',
      password: 'motdepasse',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Le mot de passe doit compter au moins 12 caractères');
    expect(response.body).toContain('href="#champ-password"');
    const noDigit = await client.submit('/inscription', '/inscription', {
      givenName: 'A',
      familyName: 'B',
      email: 'faible@example.org',
      password: 'Motdepasselong!',
    });
    expect(noDigit.body).toContain('un chiffre');
    // A long passphrase is accepted.
    const phrase = await client.submit('/inscription', '/inscription', {
      givenName: 'A',
      familyName: 'B',
      email: `phrase.${Date.now()}@example.org`,
      password: 'le chat dort sur le canapé rouge',
    });
    expect(phrase.statusCode).toBe(200);
  });

  it('says the same thing for an address that already has an account, and tells its owner by e-mail', async () => {
    const existing = await buildUser(t.services);
    const response = await t.client().submit('/inscription', '/inscription', {
      givenName: 'X',
      familyName: 'Y',
      email: existing.email,
      password: 'Un-mot-de-passe-2026!',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Vérifiez votre messagerie');
    expect((await lastMailTo(existing.email)).subject).toBe('Vous avez déjà un compte GrandLyon Connect');
  });
});

describe('forgotten password and e-mail change (G1)', () => {
  it('resets the password from an e-mail link, ending every session', async () => {
    const user = await buildUser(t.services);
    const other = t.client();
    await logIn(other, user.email, user.password);
    expect((await other.get('/compte')).statusCode).toBe(200);

    const answer = await t.client().submit('/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: user.email });
    expect(answer.body).toContain('Si un compte existe avec l’adresse');
    const link = linkIn((await lastMailTo(user.email)).text, '/mot-de-passe/nouveau?jeton=');
    const client = t.client();
    const token = new URLSearchParams(link.split('?')[1]).get('jeton')!;
    const weak = await client.submit(link, '/mot-de-passe/nouveau', { jeton: token, password: 'court' });
    expect(weak.statusCode).toBe(422);
    const done = await client.submit(link, '/mot-de-passe/nouveau', {
      jeton: token,
      password: 'Nouveau-mot-de-passe-26',
    });
    expect(done.headers.location).toBe('/connexion?fait=mot-de-passe');
    expect((await other.get('/compte')).statusCode).toBe(303);
    expect((await logIn(t.client(), user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await logIn(t.client(), user.email, 'Nouveau-mot-de-passe-26')).statusCode).toBe(303);
  });

  it('answers an unknown address the same way, without sending anything', async () => {
    const answer = await t
      .client()
      .submit('/mot-de-passe-oublie', '/mot-de-passe-oublie', { email: 'personne.inconnue@example.org' });
    expect(answer.body).toContain('Si un compte existe avec l’adresse');
    await t.worker.drain();
    const queued = await t.services.db.selectFrom('job').select('payload').where('name', '=', 'mail.send').execute();
    expect(queued.filter((j) => JSON.stringify(j.payload).includes('personne.inconnue@example.org'))).toEqual([]);
  });

  it('changes the e-mail address once the new one is confirmed, and tells the old one', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await logIn(client, user.email, user.password);
    const wrong = await client.submit('/compte/adresse-electronique', '/compte/adresse-electronique', {
      newEmail: 'nouvelle@example.org',
      password: 'faux',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Le mot de passe est incorrect');
    const newEmail = `nouvelle.${Date.now()}@example.org`;
    const sent = await client.submit('/compte/adresse-electronique', '/compte/adresse-electronique', {
      newEmail,
      password: user.password,
    });
    expect(sent.headers.location).toBe('/compte?fait=adresse-envoyee');
    expect((await findAccountById(t.services.db, user.id))?.email).toBe(user.email);
    const link = linkIn((await lastMailTo(newEmail)).text, '/compte/adresse-electronique/confirmer?jeton=');
    const confirmed = await client.submit(link, '/compte/adresse-electronique/confirmer', {
      jeton: new URLSearchParams(link.split('?')[1]).get('jeton')!,
    });
    expect(confirmed.headers.location).toBe('/compte?fait=adresse');
    expect((await findAccountById(t.services.db, user.id))?.email).toBe(newEmail);
    expect((await lastMailTo(user.email)).subject).toBe('L’adresse de votre compte GrandLyon Connect a changé');
  });
});

describe('second factor (G1)', () => {
  it('is set up with a code from the authenticator, then asked at every login; a code serves once', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await logIn(client, user.email, user.password);
    const setup = await client.get('/compte/double-authentification');
    expect(setup.body).toContain('data:image/svg+xml;base64,');
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const wrong = await client.post('/compte/double-authentification', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    const enabled = await client.post('/compte/double-authentification', { code: totpCode(secret, t.clock.now()) });
    expect(enabled.headers.location).toBe('/compte?fait=double-authentification');

    const next = t.client();
    const password = await logIn(next, user.email, user.password);
    expect(password.headers.location).toBe('/connexion/code');
    expect((await next.get('/compte')).statusCode).toBe(303);
    const page = await next.get('/connexion/code');
    expect(page.body).toContain('Code à 6 chiffres');
    const bad = await next.post('/connexion/code', { code: '123456' });
    expect(bad.statusCode).toBe(401);
    t.clock.advance(30_000);
    const code = totpCode(secret, t.clock.now());
    const good = await next.post('/connexion/code', { code });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/compte');
    const session = await t.services.db
      .selectFrom('identity_session')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('authenticated_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(session.acr).toBe('urn:grandlyon:connect:loa:mfa');
    expect(session.amr).toEqual(['pwd', 'otp', 'mfa']);

    // The same code again, in another login: refused (replay).
    const replay = t.client();
    await logIn(replay, user.email, user.password);
    expect((await replay.post('/connexion/code', { code })).statusCode).toBe(401);
    // The secret is stored encrypted.
    const stored = await findIdentityAccount(t.services.db, user.id);
    expect(stored.totpSecret).not.toContain(secret);
    expect((await identityRuntime(t.services)).box.open(stored.totpSecret!)).toBe(secret);
  });
});

describe('data rights (P2)', () => {
  it('downloads everything held, with provenance, and deletes the account after re-authentication', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await logIn(client, user.email, user.password);
    await client.submit('/compte/identite', '/compte/identite', {
      given_name: 'Anne Marie',
      family_name: 'ROUX',
      'birthdate.jour': '3',
      'birthdate.mois': '2',
      'birthdate.annee': '1975',
      gender: 'female',
      birthcountry: '99100',
      street_address: '1 place Bellecour',
      postal_code: '69002',
      locality: 'Lyon',
    });
    await insertConsent(t.services.db, {
      userId: user.id,
      clientId: 'portail-x',
      consumerName: 'Portail X',
      subject: 'sub-vu-par-x',
      scopes: ['openid', 'profile'],
      attributes: ['given_name'],
      refusedAttributes: [],
      wording: 'Question',
      at: t.clock.now(),
      grantId: null,
    });

    const data = await client.get('/compte/donnees.json');
    expect(data.statusCode).toBe(200);
    expect(data.headers['content-disposition']).toContain('attachment');
    const json = data.json() as Record<string, unknown> & {
      identity: Array<Record<string, unknown>>;
      consents: Array<Record<string, unknown>>;
    };
    expect(json.account).toMatchObject({ email: user.email });
    expect(json.identity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          attribute: 'birthdate',
          value: '1975-02-03',
          provenance: expect.objectContaining({ source: 'déclaré' }),
        }),
      ]),
    );
    expect(json.identity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ attribute: 'address', value: expect.objectContaining({ locality: 'Lyon' }) }),
      ]),
    );
    expect(json.consents[0]).toMatchObject({ service: 'Portail X', identifierForThisService: 'sub-vu-par-x' });
    expect(JSON.stringify(json)).not.toContain('argon2');

    const refused = await client.submit('/compte/suppression', '/compte/suppression', { password: 'pas le bon' });
    expect(refused.statusCode).toBe(422);
    expect(await findAccountById(t.services.db, user.id)).toBeDefined();
    const deleted = await client.submit('/compte/suppression', '/compte/suppression', { password: user.password });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('Votre compte a été supprimé');
    expect(await findAccountById(t.services.db, user.id)).toBeUndefined();
    expect(await listAttributes(t.services.db, user.id)).toEqual([]);
    const tombstone = await t.services.db
      .selectFrom('identity_tombstone')
      .selectAll()
      .where('client_id', '=', 'portail-x')
      .executeTakeFirstOrThrow();
    expect(tombstone.subject).toBe('sub-vu-par-x');
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'identity.account.delete')
      .where('target_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain(user.email);
    expect((await lastMailTo(user.email)).subject).toBe('Votre compte GrandLyon Connect a été supprimé');
    expect((await client.get('/compte')).statusCode).toBe(303);
  });
});
