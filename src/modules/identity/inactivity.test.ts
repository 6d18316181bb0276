import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser, metropole } from '../../../test/factories.ts';
import { startIdentityServer } from '../../../test/identity/identity-server.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { DAY } from '../../platform/clock.ts';
import { insertConsent } from './consents.repo.ts';
import { identityRuntime, pairwiseSubject } from './identity-runtime.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { registerClient } from './register-client.ts';
import { reviewInactiveAccounts } from './review-inactive-accounts.ts';

// The clock moves two years; warnings, resets by login and by keep-alive, deletion, the
// deleted-accounts feed and the synchronisation call, as a commune's portal sees them with a client-credentials token.
let t: TestContext;
let baseUrl: string;
let smtp: SmtpCatcher;
let portalA: OidcClientRow;
let portalB: OidcClientRow;
const SECRET_A = 'secret-du-portail-a-0123456789-abcdef';
const SECRET_B = 'secret-du-portail-b-0123456789-abcdef';

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  ({ t, baseUrl } = await startIdentityServer({ SMTP_URL: smtp.url }));
  const register = async (name: string, secret: string, host: string) => {
    const commune = await buildCommune(t.services, { toodego: 'connecte', name });
    const result = await registerClient(t.services, {
      tenant: commune,
      actor: SYSTEM_ACTOR,
      secret,
      name: `Portail ${name}`,
      redirectUris: [`https://${host}/callback`],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      scopes: ['profile'],
      serviceApi: true,
      approved: true,
    });
    if (!result.ok) throw new Error('client');
    return result.client;
  };
  portalA = await register('Commune A', SECRET_A, 'portail.a.example');
  portalB = await register('Commune B', SECRET_B, 'portail.b.example');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A citizen who consented to a portal: the portal knows them by its pairwise sub. */
async function citizenOf(portal: OidcClientRow) {
  const user = await buildUser(t.services);
  const { pairwiseSalt } = await identityRuntime(t.services);
  const subject = pairwiseSubject(pairwiseSalt, portal.sector, user.id);
  await insertConsent(t.services.db, {
    userId: user.id,
    clientId: portal.id,
    consumerName: portal.name,
    subject,
    scopes: ['openid'],
    attributes: [],
    refusedAttributes: [],
    wording: 'Question',
    at: t.clock.now(),
    grantId: null,
  });
  return { ...user, sub: subject };
}

async function portal(id: string, secret: string): Promise<client.Configuration> {
  return client.discovery(new URL(`${baseUrl}/oidc`), id, secret, client.ClientSecretBasic(secret), {
    execute: [client.allowInsecureRequests],
  });
}

async function token(
  id: string,
  secret: string,
  scope = 'identity:deleted_accounts identity:keepalive',
): Promise<string> {
  return (await client.clientCredentialsGrant(await portal(id, secret), { scope })).access_token;
}

async function api(path: string, accessToken: string | null, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    json: (await response.json()) as Record<string, unknown>,
  };
}

async function runJobs() {
  await t.worker.enqueueDueRecurringJobs();
  await t.worker.drain();
}

const mailsTo = (email: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(email));

describe('two years without use (G6) and the deleted-accounts web service (G7)', () => {
  it('warns at 730 days, resets on login or keep-alive, deletes at 760, and the feed tells only the portals that knew them', async () => {
    const start = t.clock.now();
    const dormant = await citizenOf(portalA);
    const returning = await citizenOf(portalA);
    const keptAlive = await citizenOf(portalA);
    const staff = await buildUser(t.services, { grants: [{ tenant: await metropole(t.services), role: 'agent' }] });

    t.clock.set(new Date(start.getTime() + 729 * DAY));
    await runJobs();
    expect(mailsTo(dormant.email)).toHaveLength(0);

    t.clock.set(new Date(start.getTime() + 731 * DAY));
    await runJobs();
    await smtp.waitFor(3);
    for (const person of [dormant, returning, keptAlive]) {
      const warning = mailsTo(person.email);
      expect(warning, person.email).toHaveLength(1);
      expect(warning[0]!.subject).toBe('Votre compte GrandLyon Connect sera bientôt supprimé');
      expect(warning[0]!.text).toContain('il sera supprimé le');
    }
    expect(mailsTo(staff.email), 'staff accounts are their administration’s business').toHaveLength(0);

    // One logs in; a portal says the other still uses it.
    const login = await t
      .client()
      .submit('/connexion', '/connexion', { email: returning.email, password: returning.password });
    expect(login.statusCode).toBe(303);
    const kept = await api('/api/identity/keepalive', await token(portalA.id, SECRET_A), {
      subs: [keptAlive.sub, 'inconnu'],
    });
    expect(kept.json).toEqual({ kept_alive: 1, unknown: ['inconnu'] });

    t.clock.set(new Date(start.getTime() + 761 * DAY));
    await runJobs();
    expect(await findAccountById(t.services.db, dormant.id)).toBeUndefined();
    for (const person of [returning, keptAlive, staff])
      expect(await findAccountById(t.services.db, person.id), person.email).toBeDefined();
    await smtp.waitFor(4);
    expect(mailsTo(dormant.email).map((m) => m.subject)).toContain('Votre compte GrandLyon Connect a été supprimé');
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'identity.account.delete')
      .where('target_id', '=', dormant.id)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: 'inactivity' });

    // The feed: portal A learns its sub; portal B, which never knew this citizen, learns nothing.
    const since = new Date(start.getTime() + 760 * DAY).toISOString();
    const feedA = await api(`/api/identity/deleted-accounts?since=${since}`, await token(portalA.id, SECRET_A));
    expect(feedA.status).toBe(200);
    expect(feedA.json).toEqual({
      deleted: [{ sub: dormant.sub, deleted_at: t.clock.now().toISOString() }],
      next_cursor: null,
    });
    const feedB = await api(`/api/identity/deleted-accounts?since=${since}`, await token(portalB.id, SECRET_B));
    expect(feedB.json).toEqual({ deleted: [], next_cursor: null });

    // Synchronisation: of the subs portal A holds, those that no longer exist.
    const sync = await api('/api/identity/deleted-accounts/sync', await token(portalA.id, SECRET_A), {
      subs: [dormant.sub, keptAlive.sub, 'jamais-vu'],
    });
    expect(sync.json).toEqual({ unknown: [dormant.sub, 'jamais-vu'] });
    // Portal B cannot probe portal A's citizens: to it, A's subs are all unknown.
    const probe = await api('/api/identity/deleted-accounts/sync', await token(portalB.id, SECRET_B), {
      subs: [keptAlive.sub],
    });
    expect(probe.json).toEqual({ unknown: [keptAlive.sub] });

    // Tombstones are kept 365 days, then forgotten.
    t.clock.set(new Date(start.getTime() + (761 + 366) * DAY));
    await runJobs();
    const later = await api(`/api/identity/deleted-accounts?since=${since}`, await token(portalA.id, SECRET_A));
    expect(later.json.deleted).toEqual([]);
  });

  it('never deletes without a warning at least 30 days before, even when the job was down', async () => {
    const start = t.clock.now();
    const person = await citizenOf(portalA);
    t.clock.set(new Date(start.getTime() + 800 * DAY));
    expect(await reviewInactiveAccounts(t.services)).toMatchObject({ deleted: 0 });
    expect(await findAccountById(t.services.db, person.id)).toBeDefined();
    t.clock.set(new Date(start.getTime() + 829 * DAY));
    await reviewInactiveAccounts(t.services);
    expect(await findAccountById(t.services.db, person.id)).toBeDefined();
    t.clock.set(new Date(start.getTime() + 830 * DAY));
    await reviewInactiveAccounts(t.services);
    expect(await findAccountById(t.services.db, person.id)).toBeUndefined();
  });

  it('pages the feed with a cursor', async () => {
    t.clock.advance(60_000);
    const start = t.clock.now();
    const people = [await citizenOf(portalA), await citizenOf(portalA), await citizenOf(portalA)];
    const { deleteAccount } = await import('./delete-account.ts');
    for (const person of people) {
      t.clock.advance(1000);
      await deleteAccount(t.services, { userId: person.id, reason: 'request', actor: SYSTEM_ACTOR });
    }
    const accessToken = await token(portalA.id, SECRET_A);
    const first = await api(`/api/identity/deleted-accounts?since=${start.toISOString()}&limit=2`, accessToken);
    expect((first.json.deleted as Array<{ sub: string }>).map((d) => d.sub)).toEqual([people[0]!.sub, people[1]!.sub]);
    expect(first.json.next_cursor).toBeTruthy();
    const second = await api(
      `/api/identity/deleted-accounts?since=${start.toISOString()}&limit=2&cursor=${String(first.json.next_cursor)}`,
      accessToken,
    );
    expect(second.json).toEqual({
      deleted: [{ sub: people[2]!.sub, deleted_at: expect.any(String) }],
      next_cursor: null,
    });
  });

  it('answers anonymous, forged and under-scoped calls with problem+json', async () => {
    const anonymous = await api('/api/identity/deleted-accounts?since=2026-01-01T00:00:00Z', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.type).toContain('application/problem+json');
    expect(anonymous.json).toMatchObject({ code: 'authentication_required', status: 401 });
    const forged = await api('/api/identity/deleted-accounts?since=2026-01-01T00:00:00Z', 'pas-un-jeton');
    expect(forged.json).toMatchObject({ code: 'invalid_token', status: 401 });
    const keepaliveOnly = await api(
      '/api/identity/deleted-accounts?since=2026-01-01T00:00:00Z',
      await token(portalA.id, SECRET_A, 'identity:keepalive'),
    );
    expect(keepaliveOnly.status).toBe(403);
    expect(keepaliveOnly.json).toMatchObject({ code: 'insufficient_scope' });
    const badDate = await api('/api/identity/deleted-accounts?since=hier', await token(portalA.id, SECRET_A));
    expect(badDate.status).toBe(422);
    expect(badDate.json).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: 'since' })],
    });
  });
});

describe('dry run (G6)', () => {
  it('reports what it would do in the audit log, and neither mails nor deletes', async () => {
    const dry = await createTestContext({ env: { INACTIVITY_DRY_RUN: 'true' } });
    try {
      const person = await buildUser(dry.services);
      dry.clock.set(new Date(dry.clock.now().getTime() + 800 * DAY));
      expect(await reviewInactiveAccounts(dry.services)).toEqual({ warned: 0, deleted: 0, dryRun: true });
      expect(await findAccountById(dry.services.db, person.id)).toBeDefined();
      const entry = await dry.services.db
        .selectFrom('audit_event')
        .selectAll()
        .where('action', '=', 'identity.inactivity.dry-run')
        .executeTakeFirstOrThrow();
      expect(entry.details).toMatchObject({ wouldWarn: 1, wouldDelete: 0, warningDays: 730, deletionDays: 760 });
      expect(await dry.services.db.selectFrom('job').select('id').where('name', '=', 'mail.send').execute()).toEqual(
        [],
      );
    } finally {
      await dry.close();
    }
  });
});
