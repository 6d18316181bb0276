import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { LOGIN_LIMITS, logIn, sessionIdOf } from './log-in.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('local accounts and sessions (issue 2 §4)', () => {
  it('logs in through the form and sets a server-side session cookie (HttpOnly, SameSite=Lax)', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    const response = await client.login(user.email, user.password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/compte');
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    // The database holds a hash of the token, never the token itself.
    const stored = await t.services.db.selectFrom('session').selectAll().where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(sessionIdOf(cookie?.value ?? ''));
    expect(stored[0]?.id).not.toBe(cookie?.value);
    const account = await client.get('/compte');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(user.display_name);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const secure = await createTestContext({ env: { PUBLIC_URL: 'https://communs.example.org' } });
    try {
      const user = await buildUser(secure.services);
      const response = await secure.client().login(user.email, user.password);
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
      expect(response.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });

  it('refuses a wrong password with a French message and no session', async () => {
    const user = await buildUser(t.services);
    const response = await t.client().login(user.email, 'pas le bon mot de passe');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Adresse électronique ou mot de passe incorrect.');
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('names the missing fields when the form is empty', async () => {
    const response = await t.client().submit('/connexion', '/connexion', { email: '', password: '' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Saisissez votre adresse électronique');
    expect(response.body).toContain('Saisissez votre mot de passe');
    expect(response.body).toContain('<title>Erreur – ');
  });

  it('sends anonymous visitors of a private page to the login page, then back', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    const response = await client.get('/compte');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connexion?retour=%2Fcompte');
    const back = await client.submit('/connexion?retour=%2Fcompte', '/connexion?retour=%2Fcompte', {
      email: user.email,
      password: user.password,
    });
    expect(back.headers.location).toBe('/compte');
  });

  it('never redirects to another site after login', async () => {
    const user = await buildUser(t.services);
    const response = await t
      .client()
      .submit('/connexion', '/connexion?retour=%2F%2Fevil.example', { email: user.email, password: user.password });
    expect(response.headers.location).toBe('/compte');
  });

  it('logs out: the session is gone from the database', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    const token = client.cookie(SESSION_COOKIE) ?? '';
    const response = await client.submit('/compte', '/deconnexion', {});
    expect(response.statusCode).toBe(303);
    const left = await t.services.db.selectFrom('session').select('id').where('id', '=', sessionIdOf(token)).execute();
    expect(left).toHaveLength(0);
    expect((await client.get('/compte')).statusCode).toBe(303);
  });

  it('ends a session after two hours without activity', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    t.clock.advance(60 * 60_000);
    expect((await client.get('/compte')).statusCode).toBe(200);
    t.clock.advance(2 * 60 * 60_000 + 60_000);
    expect((await client.get('/compte')).statusCode).toBe(303);
  });

  it('signs out the other devices on request', async () => {
    const user = await buildUser(t.services);
    const laptop = t.client();
    const phone = t.client();
    await laptop.login(user.email, user.password);
    await phone.login(user.email, user.password);
    expect((await laptop.get('/compte')).body).toContain('aussi ouvert sur un autre appareil');
    await laptop.submit('/compte', '/compte/autres-sessions', {});
    expect((await phone.get('/compte')).statusCode).toBe(303);
    expect((await laptop.get('/compte')).statusCode).toBe(200);
  });
});

describe('login throttling with atomic counters (issue 2 §4)', () => {
  it('lets no more than the limit of parallel guesses reach the password check', async () => {
    const user = await buildUser(t.services);
    const attempts = 20;
    const results = await Promise.all(
      Array.from({ length: attempts }, () =>
        logIn(t.services, { email: user.email, password: 'mauvais', ip: '198.51.100.7', userAgent: null }),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid_credentials').length;
    const throttled = results.filter((r) => !r.ok && r.reason === 'throttled').length;
    expect(checked).toBe(LOGIN_LIMITS.perAccount);
    expect(throttled).toBe(attempts - LOGIN_LIMITS.perAccount);
  });

  it('keeps the right password out during the window, then lets it in', async () => {
    const user = await buildUser(t.services);
    const client = t.client();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await client.login(user.email, 'mauvais');
    const blocked = await client.login(user.email, user.password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Trop de tentatives de connexion');
    t.clock.advance(LOGIN_LIMITS.windowMs + 1000);
    expect((await client.login(user.email, user.password)).statusCode).toBe(303);
  });

  it('limits guesses from one address across many accounts', async () => {
    const ip = '203.0.113.99';
    let throttled = 0;
    for (let i = 0; i < LOGIN_LIMITS.perAddress + 3; i++) {
      const result = await logIn(t.services, { email: `inconnu${i}@example.org`, password: 'x', ip, userAgent: null });
      if (!result.ok && result.reason === 'throttled') throttled++;
    }
    expect(throttled).toBe(3);
  });
});
