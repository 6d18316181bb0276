import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { LOGIN_LIMITS } from '../../platform/auth/log-in.ts';

// Throttling counts failures: the staff of a town hall log in from one shared address all morning, and an attacker's
// guesses are still stopped, traced in the audit log, and reported to the account's holder.
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

// Each call gets an address no other call has had: a counter from a random start inside the 198.18.0.0/15 range
// reserved for tests (the counters are shared by the test files on one database, so no two tests may share one).
let nextAddress = Math.floor(Math.random() * 60_000);
const newAddress = () => {
  const n = nextAddress++;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};

/** The login form, loaded then posted from `address`, as a browser there would. */
async function logInFrom(address: string, email: string, password: string) {
  const page = await t.app.inject({ method: 'GET', url: '/connexion', remoteAddress: address });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url: '/connexion',
    remoteAddress: address,
    headers: {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
}

const auditOf = (action: string, ip: string) =>
  t.services.db
    .selectFrom('audit_event')
    .select(['actor_user_id', 'actor_label', 'target_id', 'details'])
    .where('action', '=', action)
    .where('ip', '=', ip)
    .execute();

describe('login throttling counts failures only (issue 13 §13)', () => {
  it('lets a whole town hall log in from one address, and still stops guesses from it', async () => {
    const townHall = newAddress();
    const staff = await Promise.all(Array.from({ length: LOGIN_LIMITS.perAddress + 5 }, () => buildUser(t.services)));
    for (const person of staff) expect((await logInFrom(townHall, person.email, person.password)).statusCode).toBe(303);

    // Guesses from the same address are counted: the limit-th failure locks the address, and that is audited.
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++)
      expect((await logInFrom(townHall, `inconnu.${i}@example.org`, 'mauvais mot de passe')).statusCode).toBe(401);
    expect((await logInFrom(townHall, staff[0]!.email, staff[0]!.password)).statusCode).toBe(429);
    expect(await auditOf('session.login_failed', townHall)).toHaveLength(LOGIN_LIMITS.perAddress);
    expect(await auditOf('session.address_locked', townHall)).toHaveLength(1);
  });

  it('locks an account after its failures, e-mails its holder, and audits each failure and the lockout', async () => {
    const user = await buildUser(t.services);
    const attacker = newAddress();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      expect((await logInFrom(attacker, user.email, `essai ${i}`)).statusCode).toBe(401);
    const locked = await logInFrom(newAddress(), user.email, user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Trop de tentatives de connexion');

    const before = smtp.messages.length;
    await t.worker.drain();
    await smtp.waitFor(before + 1);
    const mail = smtp.messages.slice(before).find((m) => JSON.stringify(m.to).includes(user.email));
    expect(mail?.subject).toBe('Votre compte GrandLyon Connect est bloqué pendant 15 minutes');
    expect(mail?.text).toContain(`depuis l’adresse IP ${attacker}`);
    expect(mail?.text).toContain('/mot-de-passe-oublie');

    const failures = await auditOf('session.login_failed', attacker);
    expect(failures).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(failures.every((f) => f.target_id === user.id && f.actor_label === user.email)).toBe(true);
    const lockouts = await auditOf('session.account_locked', attacker);
    expect(lockouts).toMatchObject([{ target_id: user.id, details: { failures: LOGIN_LIMITS.perAccount } }]);

    // Once the window is over, the right password works again, and a success is not a failure.
    t.clock.advance(LOGIN_LIMITS.windowMs + 1000);
    expect((await logInFrom(attacker, user.email, user.password)).statusCode).toBe(303);
    expect(await auditOf('session.login_failed', attacker)).toHaveLength(LOGIN_LIMITS.perAccount);
  });
});
