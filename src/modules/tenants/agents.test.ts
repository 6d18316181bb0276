import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { BrowserAgent } from '../../../test/identity/browser-agent.ts';
import type { FakePartner } from '../../../test/identity/fake-partner.ts';
import { startWithPartners } from '../../../test/identity/identity-server.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import type { ToodegoOffer } from '../../platform/db/schema.ts';

let t: TestContext;
let baseUrl: string;
let proConnect: FakePartner;
let franceConnect: FakePartner;
let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  ({ t, baseUrl, proConnect, franceConnect } = await startWithPartners({ SMTP_URL: smtp.url }));
});
afterAll(async () => {
  await franceConnect?.close();
  await proConnect?.close();
  await t?.close();
  await smtp?.close();
});

const NEW_PASSWORD = 'Agent-de-mairie-2026!';

/** Sends the invitation from the agents' page and returns the one-time link the e-mail carries. */
async function invite(
  client: Awaited<ReturnType<TestContext['signedIn']>>,
  slug: string,
  fields: { displayName: string; email: string; role: 'agent' | 'admin' },
): Promise<string> {
  const before = smtp.messages.length;
  const response = await client.submit(`/c/${slug}/admin/agents`, `/c/${slug}/admin/agents/invitations`, fields);
  expect(response.statusCode).toBe(303);
  await t.worker.drain();
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toContain(fields.email);
  const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0];
  expect(link, mail?.text).toBeDefined();
  return link!;
}

const auditOf = async (tenantId: string) =>
  (
    await t.services.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('tenant_id', '=', tenantId)
      .where('action', 'like', 'tenant.agent.%')
      .orderBy('id')
      .execute()
  ).map((a) => ({ action: a.action, details: a.details }));

describe('a Partenaire commune manages its agents (T11)', () => {
  it('invites by e-mail; the invitee sets a password through the one-time link and reaches the back-office', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const email = `invite.${commune.slug}@mairie.example.org`;
    const link = await invite(client, commune.slug, { displayName: 'Camille Agent', email, role: 'agent' });
    const path = new URL(link).pathname;
    const listed = await client.get(`/c/${commune.slug}/admin/agents?fait=invitation`);
    expect(listed.body).toContain("L'invitation est envoyée.");
    expect(listed.body).toContain(email);

    const invitee = t.client();
    const page = await invitee.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`adressée à <strong>${email}</strong>, en tant que agent`);
    expect(page.body).toContain(`/c/${commune.slug}/proconnect/connexion?retour=${encodeURIComponent(`/invitation/`)}`);
    const weak = await invitee.post(path, { password: 'court' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('au moins 12 caractères');
    const accepted = await invitee.post(path, { password: NEW_PASSWORD });
    expect(accepted.statusCode).toBe(303);
    // The link served once.
    expect((await t.client().get(path)).statusCode).toBe(404);

    const agent = await t.signedIn(email, NEW_PASSWORD, `/c/${commune.slug}`);
    expect((await agent.get(`/c/${commune.slug}/gru/demandes`)).statusCode).toBe(200);
    expect((await auditOf(commune.id)).map((a) => a.action)).toEqual(['tenant.agent.invite', 'tenant.agent.join']);
  });

  it('accepts an invitation through ProConnect, the invitee coming back to the link signed in', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const email = `proconnect.${commune.slug}@mairie.example.org`;
    const link = await invite(client, commune.slug, { displayName: 'Dominique Pro', email, role: 'admin' });
    proConnect.person = {
      sub: `pc-${commune.slug}`,
      claims: {
        given_name: 'Dominique',
        usual_name: 'PRO',
        email,
        uid: '7',
        siret: '21690001700018',
        idp_id: 'idp-mairie',
      },
    };
    const browser = new BrowserAgent();
    const page = await browser.request(link);
    const button = /href="([^"]*\/proconnect\/connexion[^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    expect(button).toBeDefined();
    const back = await browser.follow(`${baseUrl}${button}`);
    expect(back.url).toBe(link);
    expect(back.body).toContain("Accepter l'invitation");
    const accepted = await browser.submit(back, /\/invitation\//, {});
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`${baseUrl}/c/${commune.slug}/gru/demandes`);
    const account = await t.services.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const roles = await t.services.db
      .selectFrom('role_assignment')
      .select('role')
      .where('user_id', '=', account.id)
      .where('tenant_id', '=', commune.id)
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['admin']);
  });

  it('refuses an invitation to someone signed in with another address', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const link = await invite(client, commune.slug, {
      displayName: 'Quelqu’un',
      email: `autre.${commune.slug}@mairie.example.org`,
      role: 'agent',
    });
    const stranger = await buildUser(t.services);
    const other = await t.signedIn(stranger.email, stranger.password, `/c/${commune.slug}`);
    const path = new URL(link).pathname;
    expect((await other.get(path)).body).toContain('Vous êtes connecté avec une autre adresse');
    expect((await other.post(path, {})).statusCode).toBe(409);
  });

  it('changes a role, suspends, reinstates and removes an agent, each change audited with what it was', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const agentUser = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const agent = await t.signedIn(agentUser.email, agentUser.password, `/c/${commune.slug}`);
    const base = `/c/${commune.slug}/admin/agents`;
    expect((await agent.get(`/c/${commune.slug}/gru/demandes`)).statusCode).toBe(200);

    expect((await client.submit(base, `${base}/${agentUser.id}/role`, { role: 'admin' })).statusCode).toBe(303);
    expect((await agent.get(`/c/${commune.slug}/admin`)).statusCode).toBe(200);

    expect((await client.submit(base, `${base}/${agentUser.id}/suspension`, {})).statusCode).toBe(303);
    // Suspended: the next page already refuses the back-office, without waiting for the session to end.
    expect((await agent.get(`/c/${commune.slug}/gru/demandes`)).statusCode).toBe(404);
    const page = await client.get(`${base}?fait=suspension`);
    expect(page.body).toContain('Agents suspendus');
    expect(page.body).toContain(agentUser.email);

    expect((await client.submit(base, `${base}/${agentUser.id}/retablissement`, {})).statusCode).toBe(303);
    expect((await agent.get(`/c/${commune.slug}/admin`)).statusCode).toBe(200);

    expect((await client.submit(base, `${base}/${agentUser.id}/retrait`, {})).statusCode).toBe(303);
    expect((await agent.get(`/c/${commune.slug}/gru/demandes`)).statusCode).toBe(404);

    expect(await auditOf(commune.id)).toEqual([
      { action: 'tenant.agent.role', details: { from: ['agent'], to: ['admin'] } },
      { action: 'tenant.agent.suspend', details: { roles: ['admin'] } },
      { action: 'tenant.agent.reinstate', details: { roles: ['admin'] } },
      { action: 'tenant.agent.remove', details: { roles: ['admin'] } },
    ]);
  });

  it("refuses an administrator's change of their own access, and an unknown agent", async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const outsider = await buildUser(t.services);
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const base = `/c/${commune.slug}/admin/agents`;
    const self = await client.submit(base, `${base}/${admin.id}/suspension`, {});
    expect(self.statusCode).toBe(404);
    expect(self.body).toContain('Vous ne pouvez pas changer vos propres accès');
    expect((await client.submit(base, `${base}/${outsider.id}/role`, { role: 'admin' })).statusCode).toBe(404);
    expect(await auditOf(commune.id)).toEqual([]);
  });

  it('names what is wrong in an invitation, and refuses to invite a current agent', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const agentUser = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const base = `/c/${commune.slug}/admin/agents`;
    const bad = await client.submit(base, `${base}/invitations`, { displayName: '', email: 'agent@', role: 'chef' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Saisissez le prénom et le nom');
    expect(bad.body).toContain('Saisissez une adresse électronique valide');
    expect(bad.body).toContain('Choisissez le rôle');
    const again = await client.submit(base, `${base}/invitations`, {
      displayName: 'Déjà là',
      email: agentUser.email,
      role: 'agent',
    });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('fait déjà partie des agents');
  });
});

// The seed's offer table (annexe Toodego §4), read from its fixture: who may manage agents on each offer is what
// the rows « Suivi et traitement des demandes usagers », « Gestion des accès agents par la Métropole » and « … par
// la commune » say, checked here on the page itself.
const table = readFileSync(new URL('../../../test/fixtures/annexe-toodego-4-offres.txt', import.meta.url), 'utf8');
const markOf = (pattern: RegExp, offer: 'connecte' | 'abonne' | 'partenaire') => {
  const line = table.split('\n').find((l) => pattern.test(l)) ?? '';
  const marks = line
    .split('\t')
    .slice(-3)
    .map((c) => c.trim());
  return marks[['connecte', 'abonne', 'partenaire'].indexOf(offer)] === '✓';
};

describe('the offer gate on agents and roles, row by row against the seed (T11)', () => {
  for (const offer of ['connecte', 'abonne', 'partenaire'] as const satisfies ToodegoOffer[]) {
    const gru = markOf(/^➤ Suivi et traitement des demandes usagers/, offer);
    const byCommune = markOf(/^➤ Gestion des accès agents par la commune/, offer);
    const byMetropole = markOf(/^➤ Gestion des accès agents par la Métropole/, offer);
    it(`${offer}: commune administrators ${gru && byCommune ? 'manage' : 'do not manage'} agents, operators ${gru && (byCommune || byMetropole) ? 'do' : 'do not'}`, async () => {
      const commune = await buildCommune(t.services, { toodego: offer });
      const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
      const agentUser = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
      const asAdmin = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
      const operatorUser = await buildOperator(t.services);
      const asOperator = await t.signedIn(operatorUser.email, operatorUser.password);
      const page = `/c/${commune.slug}/admin/agents`;

      const adminPage = await asAdmin.get(page);
      expect(adminPage.statusCode).toBe(gru && byCommune ? 200 : 403);
      if (!gru) expect(adminPage.body).toContain('ne comprend pas de back-office');
      else if (byMetropole) expect(adminPage.body).toContain('les accès des agents sont gérés par la Métropole');
      const adminChange = await asAdmin.post(`${page}/${agentUser.id}/suspension`, {});
      expect(adminChange.statusCode).toBe(gru && byCommune ? 303 : 403);

      const operatorPage = await asOperator.get(page);
      expect(operatorPage.statusCode).toBe(gru ? 200 : 403);
      if (gru) {
        const reinstated = await asOperator.submit(
          page,
          `${page}/${agentUser.id}/${byCommune ? 'retablissement' : 'suspension'}`,
          {},
        );
        expect(reinstated.statusCode).toBe(303);
        const audit = await auditOf(commune.id);
        expect(audit.at(-1)?.action).toBe(byCommune ? 'tenant.agent.reinstate' : 'tenant.agent.suspend');
      }
    });
  }
});
