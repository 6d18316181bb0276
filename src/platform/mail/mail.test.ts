import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperator, buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { queueEmail } from './send-mail.job.ts';

const content = {
  subject: 'Votre demande n° 2026-000123 est enregistrée',
  greeting: 'Bonjour Élodie,',
  paragraphs: [
    'Nous avons bien reçu votre demande « Acte de naissance » le 30 novembre 2026.',
    'Réponse sous 8 jours ouvrés.',
  ],
  action: { label: 'Suivre ma demande', url: 'http://localhost:3000/demandes/2026-000123' },
  signature: 'La mairie de Givors',
};

describe('mail over real SMTP (issue 2 §8)', () => {
  let smtp: SmtpCatcher;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestContext({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Communs <ne-pas-repondre@communs.example.org>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends a French message with a text and an HTML part, from a job', async () => {
    await t.services.db
      .transaction()
      .execute((trx) => queueEmail(trx, t.services.jobs, { to: 'elodie@example.org', content }));
    expect(smtp.messages).toHaveLength(0);
    await t.worker.drain();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Votre demande n° 2026-000123 est enregistrée');
    expect(mail?.from?.text).toContain('ne-pas-repondre@communs.example.org');
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('elodie@example.org');
    expect(mail?.text).toContain('Bonjour Élodie,');
    expect(mail?.text).toContain('Suivre ma demande : http://localhost:3000/demandes/2026-000123');
    expect(mail?.html).toContain('<html lang="fr">');
    expect(mail?.html).toContain('href="http://localhost:3000/demandes/2026-000123"');
    expect(mail?.messageId).toMatch(/^<job-\d+@localhost>$/);
  });

  it('escapes what people typed when it goes into the HTML part', async () => {
    await t.services.db.transaction().execute((trx) =>
      queueEmail(trx, t.services.jobs, {
        to: 'x@example.org',
        content: { ...content, greeting: 'Bonjour <script>alert(1)</script>,' },
      }),
    );
    await t.worker.drain();
    const mails = await smtp.waitFor(2);
    expect(mails[1]?.html).not.toContain('<script>alert(1)</script>');
    expect(mails[1]?.html).toContain('&lt;script>');
  });

  it('sends nothing when the business transaction fails', async () => {
    const before = smtp.messages.length;
    await t.services.db
      .transaction()
      .execute(async (trx) => {
        await queueEmail(trx, t.services.jobs, { to: 'jamais@example.org', content });
        throw new Error('la demande n’est pas enregistrée');
      })
      .catch(() => {});
    await t.worker.drain();
    expect(smtp.messages.length).toBe(before);
  });
});

describe('development outbox read by operators (issue 2 §8)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => t.close());

  it('keeps messages as files that operators read in the interface', async () => {
    expect(t.services.mailer.kind).toBe('outbox');
    await t.services.db
      .transaction()
      .execute((trx) => queueEmail(trx, t.services.jobs, { to: 'elodie@example.org', content }));
    await t.worker.drain();
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    const list = await client.get('/admin/courriels');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Votre demande n° 2026-000123 est enregistrée');
    expect(list.body).toContain('elodie@example.org');
    const href = /href="(\/admin\/courriels\/[^"]+\.eml)"/.exec(list.body)?.[1];
    expect(href).toBeDefined();
    const message = await client.get(href as string);
    expect(message.body).toContain('Nous avons bien reçu votre demande');
    const html = await client.get(`${href}/html`);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.body).toContain('Suivre ma demande');
  });

  it('shows the outbox to operators only', async () => {
    const citizen = await buildUser(t.services);
    const client = t.client();
    await client.login(citizen.email, citizen.password);
    expect((await client.get('/admin/courriels')).statusCode).toBe(404);
  });

  it('refuses a message id that tries to leave the outbox folder', async () => {
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    expect((await client.get('/admin/courriels/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });
});
