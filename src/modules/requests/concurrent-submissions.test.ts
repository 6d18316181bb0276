import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { loadFormVersion } from '../forms/index.ts';
import { submitValidRequest } from './submit-request.ts';

// Submissions arriving together are written together (group commit), and each still gets its own number,
// timeline, acknowledgement and idempotency, as if it had come alone.
let t: TestContext;
let smtp: SmtpCatcher;
let service: Awaited<ReturnType<typeof buildEService>>;
let metropole: Awaited<ReturnType<TestContext['services']['tenants']['metropole']>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  metropole = await t.services.tenants.metropole();
  service = await buildEService(t.services, metropole, {
    form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2 } },
    },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const post = (key: string, objet: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/services/${service.slug}/requests`,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify({ answers: { objet }, contactEmail: `${key}@example.org` }),
  });

describe('simultaneous submissions (T2, T18)', () => {
  it('give each request its own consecutive number, first timeline step and acknowledgement e-mail', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => post(`ensemble-${i}`, `Demande ${i}`)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const numbers = responses.map((r) => r.json().number as string);
    const sequences = numbers.map((n) => Number(n.split('-').at(-1))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(12);
    expect(sequences).toEqual(Array.from({ length: 12 }, (_, i) => (sequences[0] ?? 0) + i));

    const rows = await t.services.db
      .selectFrom('request')
      .select(['id', 'number', 'contact_email', 'answers'])
      .where('number', 'in', numbers)
      .execute();
    expect(rows).toHaveLength(12);
    // Each answer went to its own request, under the number returned to its caller.
    for (const [i, response] of responses.entries()) {
      const row = rows.find((r) => r.number === response.json().number);
      expect(row?.contact_email).toBe(`ensemble-${i}@example.org`);
      expect(row?.answers).toEqual({ objet: `Demande ${i}` });
    }
    const steps = await t.services.db
      .selectFrom('request_status_change')
      .select('request_id')
      .where(
        'request_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(steps).toHaveLength(12);

    await t.worker.drain();
    const mails = await smtp.waitFor(12);
    for (const [i, number] of numbers.entries()) {
      const mail = mails.find((m) => m.subject?.includes(number));
      expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toContain(`ensemble-${i}@example.org`);
      expect(mail?.text).toContain(`Numéro : ${number}`);
    }
  });

  it('make one request of the same key sent twice at once (double click), and answer both with it', async () => {
    const [first, second] = await Promise.all([post('double-clic-1', 'Une fois'), post('double-clic-1', 'Une fois')]);
    expect(first?.statusCode).toBe(201);
    expect(second?.statusCode).toBe(201);
    expect(second?.json().number).toBe(first?.json().number);
    expect([first?.headers['idempotent-replayed'], second?.headers['idempotent-replayed']].filter(Boolean)).toEqual([
      'true',
    ]);
    const stored = await t.services.db
      .selectFrom('request')
      .select('id')
      .where('idempotency_key', '=', 'double-clic-1')
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('fail a submission that cannot be stored on its own, and store the others submitted with it', async () => {
    const form = await loadFormVersion(t.services.db, service.formVersionId);
    const submission = (key: string, formId: string) =>
      submitValidRequest(t.services, {
        eservice: service.eservice,
        provider: metropole,
        form: { ...form, id: formId },
        answers: { objet: key },
        citizen: null,
        contact: { email: 'isolement@example.org', sms: null },
        idempotency: { key, fingerprint: key },
      });
    // A form version that does not exist breaks the batch's transaction (foreign key): it alone fails.
    const outcomes = await Promise.allSettled([
      submission('isole-1', form.id),
      submission('isole-2', '00000000-0000-4000-8000-000000000000'),
      submission('isole-3', form.id),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await t.services.db
      .selectFrom('request')
      .select('idempotency_key')
      .where('idempotency_key', 'in', ['isole-1', 'isole-2', 'isole-3'])
      .orderBy('idempotency_key')
      .execute();
    expect(stored.map((r) => r.idempotency_key)).toEqual(['isole-1', 'isole-3']);

    // A version of another e-service's form exists, but a request must pin a version of its own service's form.
    const other = await buildEService(t.services, metropole, {
      form: { title: 'Autre', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
      settings: {
        office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
        legal: { kind: 'signalement' },
      },
    });
    const mismatched = await Promise.allSettled([
      submission('isole-4', other.formVersionId),
      submission('isole-5', form.id),
    ]);
    expect(mismatched.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    const pinned = await t.services.db
      .selectFrom('request')
      .select('idempotency_key')
      .where('idempotency_key', 'in', ['isole-4', 'isole-5'])
      .execute();
    expect(pinned.map((r) => r.idempotency_key)).toEqual(['isole-5']);
  });
});
