import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser } from './factories.ts';
import { BrowserAgent } from './identity/browser-agent.ts';
import { freePort } from './identity/identity-server.ts';
import { buildEService } from './requests-factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

// The request log of a real server, at the level production runs it, after the three journeys whose URLs carry a
// credential: a password reset, a sign-up, and a request followed by its tracking code.
let t: TestContext;
let smtp: SmtpCatcher;
let baseUrl: string;
let logDir: string;
let logFile: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  logDir = await mkdtemp(path.join(os.tmpdir(), 'communs-log-'));
  logFile = path.join(logDir, 'communs.log');
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  t = await createTestContext({
    env: { PUBLIC_URL: baseUrl, SMTP_URL: smtp.url, LOG_LEVEL: 'info' },
    logFile,
  });
  await t.app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await rm(logDir, { recursive: true, force: true });
});

async function linkMailedTo(to: string, linkPath: string): Promise<string> {
  const before = smtp.messages.length;
  await t.worker.drain();
  await smtp.waitFor(before + 1).catch(() => undefined);
  const mail = [...smtp.messages].reverse().find((m) => JSON.stringify(m.to).includes(to));
  const link = new RegExp(`https?://\\S+${linkPath.replace(/[/?]/g, '\\$&')}\\S*`).exec(mail?.text ?? '')?.[0];
  if (!link) throw new Error(`no link to ${linkPath} mailed to ${to}`);
  return link;
}

describe('no credential in the request log (issue 13 §1)', () => {
  it('logs route patterns: no reset token, sign-up token or tracking code after those journeys', async () => {
    const secrets: string[] = [];

    // Sign-up, confirmed from the e-mail's link.
    const newcomer = new BrowserAgent();
    const email = `journal.${Date.now()}@example.org`;
    const signUp = await newcomer.request(`${baseUrl}/inscription`);
    await newcomer.submit(signUp, /\/inscription$/, {
      givenName: 'Léa',
      familyName: 'Journal',
      email,
      password: 'Un-mot-de-passe-2026!',
    });
    const confirmLink = await linkMailedTo(email, '/inscription/confirmer?jeton=');
    secrets.push(new URL(confirmLink).searchParams.get('jeton')!);
    const confirmPage = await newcomer.request(confirmLink);
    expect(confirmPage.status).toBe(200);
    const activated = await newcomer.submit(confirmPage, /\/inscription\/confirmer/, {});
    expect(activated.status).toBe(303);

    // Password reset, from the e-mail's link.
    const user = await buildUser(t.services);
    const forgetful = new BrowserAgent();
    const forgot = await forgetful.request(`${baseUrl}/mot-de-passe-oublie`);
    await forgetful.submit(forgot, /\/mot-de-passe-oublie$/, { email: user.email });
    const resetLink = await linkMailedTo(user.email, '/mot-de-passe/nouveau?jeton=');
    secrets.push(new URL(resetLink).searchParams.get('jeton')!);
    const resetPage = await forgetful.request(resetLink);
    expect(resetPage.status).toBe(200);
    const reset = await forgetful.submit(resetPage, /\/mot-de-passe\/nouveau/, { password: 'Nouveau-mot-de-passe-26' });
    expect(reset.status).toBe(303);

    // A request sent without an account, then followed by its tracking code (by path, and typed in the form).
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const service = await buildEService(t.services, commune, {
      form: { title: 'Signalement', fields: [{ type: 'textarea', key: 'description', label: 'Description' }] },
      access: 'anonymous',
      settings: {
        office: { name: 'Services techniques', email: 'st@example.org', phone: '04 00 00 00 02' },
        legal: { kind: 'signalement' },
      },
    });
    const submitted = await fetch(`${baseUrl}/c/${commune.slug}/api/services/${service.slug}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `journal-${Date.now()}` },
      body: JSON.stringify({ answers: { description: 'Un banc cassé.' }, contactEmail: 'anonyme@example.org' }),
    });
    expect(submitted.status).toBe(201);
    const { trackingCode } = (await submitted.json()) as { trackingCode: string };
    secrets.push(trackingCode, trackingCode.replace(/-/g, ''));
    const visitor = new BrowserAgent();
    expect((await visitor.request(`${baseUrl}/c/${commune.slug}/suivi/${trackingCode}`)).status).toBe(200);
    expect((await visitor.request(`${baseUrl}/suivi?code=${trackingCode.replace(/-/g, '')}`)).status).toBe(303);
    // A path no route knows is logged too, its code-like segments masked.
    expect((await visitor.request(`${baseUrl}/suivi/${trackingCode}/inconnu`)).status).toBe(404);
    await t.worker.drain();

    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('incoming request');
    for (const secret of secrets) expect(log, 'a credential in the log').not.toContain(secret);
    // Each request is still there, with the route it went to.
    expect(log).toContain('"url":"/mot-de-passe/nouveau"');
    expect(log).toContain('"url":"/inscription/confirmer"');
    expect(log).toContain(`"url":"/c/${commune.slug}/suivi/:code"`);
    expect(log).toContain('"url":"/suivi/…/inconnu"');
  }, 60_000);
});
