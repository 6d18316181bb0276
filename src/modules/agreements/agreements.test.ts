import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  buildCommune,
  dateFields,
  operatorClient,
  recordAgreementByForm,
  runDailyJobsOn,
} from '../../../test/agreement-support/helpers.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { mayUse } from '../../platform/tenancy/offers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ').replace(/&#39;/g, "'");

/** Sessions expire as the clock moves: each step of a story logs in again at its own time. */
async function operatorAt(instant: string): Promise<TestClient> {
  t.clock.set(instant);
  return operatorClient(t);
}

async function offersOf(slug: string) {
  t.services.tenants.invalidate();
  const tenant = await t.services.tenants.bySlug(slug);
  if (!tenant) throw new Error('no tenant');
  return tenant.offers;
}

async function auditActions(tenantId: string): Promise<string[]> {
  const rows = await t.services.db
    .selectFrom('audit_event')
    .select('action')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe('the framework agreement of a commune (convention-cadre art. 2, C1)', () => {
  it('takes effect at the later signature, runs a year at a time for six years at most, and the platform follows its offer', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    const response = await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-11-02',
      metropoleSignedOn: '2026-11-16',
      toodego: 'abonne',
      services: ['opendata'],
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/admin/conventions/${commune.slug}?fait=convention`);

    // The subscription follows the contract, so every capability check sees the Abonné offer.
    const offers = await offersOf(commune.slug);
    expect(offers.subscriptions).toMatchObject({ toodego: 'abonne', opendata: 'subscribed', laclasse: 'none' });
    expect(mayUse(offers, 'gru.process')).toBe(true);
    expect(mayUse(offers, 'instance.build-eservices')).toBe(false);

    const page = plain((await operator.get(`/admin/conventions/${commune.slug}?fait=convention`)).body);
    expect(page).toContain('La convention-cadre est enregistrée.');
    expect(page).toContain('16 novembre 2026 (date de la signature la plus tardive, art. 2)');
    expect(page).toContain("année d'adhésion 1 sur 6");
    expect(page).toContain('le 16 novembre 2027, sauf préavis reçu au plus tard le <strong>16 août 2027</strong>');
    expect(page).toContain('au plus tard le 15 novembre 2032 au soir — terme de la durée maximale de 6 ans (art. 2)');
    expect(await auditActions(commune.id)).toEqual(
      expect.arrayContaining(['agreement.record', 'subscription.update', 'agreement.changes.apply']),
    );

    const again = await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-11-20',
      metropoleSignedOn: '2026-11-20',
      toodego: 'partenaire',
    });
    expect(again.statusCode).toBe(422);
    expect(plain(again.body)).toContain("Une convention est déjà en vigueur jusqu'au 15 novembre 2032");
  });

  it('names each invalid field of the form in French', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    const response = await operator.submit(
      `/admin/conventions/${commune.slug}/convention`,
      `/admin/conventions/${commune.slug}/convention`,
      {
        ...dateFields('communeSignedOn', '2026-02-31'),
        'metropoleSignedOn.jour': '',
        toodego: 'premium',
        previousToodego: 'dix mille',
      },
    );
    expect(response.statusCode).toBe(422);
    const body = plain(response.body);
    expect(body).toContain('<title>Erreur – ');
    expect(body).toContain('Saisissez la date de signature de la commune sous la forme jour, mois, année');
    expect(body).toContain('Saisissez la date de signature de la Métropole');
    expect(body).toContain('Choisissez une offre Toodego, ou « Pas de Toodego »');
    expect(body).toContain('Saisissez le montant facturé pour Toodego en euros, par exemple 10 800');
  });

  it('refuses a date whose year is a typo (0001) with a French message, and records nothing', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    const response = await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '0001-11-20',
      metropoleSignedOn: '2026-11-20',
      toodego: 'partenaire',
    });
    expect(response.statusCode).toBe(422);
    expect(plain(response.body)).toContain(
      'Saisissez la date de signature de la commune avec une année entre 1990 et 2100',
    );
    const stored = await t.services.db
      .selectFrom('agreement')
      .select('id')
      .where('tenant_id', '=', commune.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses an amount too large to store with a French message naming the field, not an internal error', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    const agreement = await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-11-02',
      metropoleSignedOn: '2026-11-02',
      toodego: 'partenaire',
      previousToodego: '999 999 999',
    });
    expect(agreement.statusCode).toBe(422);
    expect(plain(agreement.body)).toContain('Le montant facturé pour Toodego ne peut pas dépasser 1 000 000 €');
    const connectorUrl = `/admin/conventions/${commune.slug}/connecteur`;
    const connector = await operator.submit(connectorUrl, connectorUrl, {
      label: 'GRU',
      annualCost: '50 000 000',
      priceYear: '2026',
      ...dateFields('activeFrom', '2026-11-02'),
    });
    expect(connector.statusCode).toBe(422);
    expect(plain(connector.body)).toContain('Le coût annuel de maintenance ne peut pas dépasser 1 000 000 €');
  });
});

describe('change of offer (annexe Toodego §11, C7, T14)', () => {
  it('takes effect at the end of the adhesion year; a letter received late renews the offer for a year, and the system says so', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2025-11-20',
      metropoleSignedOn: '2025-12-01',
      toodego: 'partenaire',
    });
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('partenaire');

    // Year 1 ends on 30 November 2026; the letter had to arrive by 1 September 2026. Received on 5 September: too late.
    const response = await operator.submit(
      `/admin/conventions/${commune.slug}/avenant`,
      `/admin/conventions/${commune.slug}/avenant`,
      {
        kind: 'change_offer',
        service: 'toodego',
        toOffer: 'connecte',
        ...dateFields('noticeReceivedOn', '2026-09-05'),
      },
    );
    expect(response.statusCode).toBe(303);
    const file = plain((await operator.get(response.headers.location as string)).body);
    expect(file).toContain(
      "Préavis reçu hors délai : l'offre actuelle est reconduite tacitement pour un an ; le changement prend effet le 1er décembre 2027.",
    );
    expect(file).toContain('hors délai : offre reconduite un an (annexe Toodego §11)');

    // Partenaire leaving: pending requests first, then the instance goes.
    const tasks = await t.services.db
      .selectFrom('transition_task')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('position')
      .execute();
    expect(tasks.map((task) => task.code)).toEqual([
      'finish_pending_requests',
      'export_instance_data',
      'decommission_instance',
    ]);
    const [pending, , decommission] = tasks;
    // These two are carried out on the commune's exit page, not ticked here.
    for (const task of [pending, decommission]) {
      const byHand = await operator.post(`/admin/conventions/${commune.slug}/taches/${task?.id}`, { status: 'done' });
      expect(byHand.statusCode).toBe(422);
      expect(plain(byHand.body)).toContain("s'exécute depuis la page « Sortie et changement d'offre » de la commune");
    }
    expect(await auditActions(commune.id)).toEqual(expect.arrayContaining(['agreement.amendment.record']));

    // The clock reaches the day before: nothing yet. The day itself: the whole platform follows.
    await runDailyJobsOn(t, '2027-11-30T12:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('partenaire');
    await runDailyJobsOn(t, '2027-12-01T06:00:00Z');
    const offers = await offersOf(commune.slug);
    expect(offers.subscriptions.toodego).toBe('connecte');
    expect(mayUse(offers, 'connector.exchange')).toBe(true);
    expect(mayUse(offers, 'instance.build-eservices')).toBe(false);
    const amendment = await t.services.db
      .selectFrom('agreement_amendment')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    expect(amendment).toMatchObject({ status: 'applied', effective_on: '2027-12-01', notice_late: true });

    // 2027, the year of the change, keeps the Partenaire amount; 2028 is billed at the Connecté tariff.
    await runDailyJobsOn(t, '2028-06-01T06:00:00Z');
    const lines = await t.services.db
      .selectFrom('revenue_order_line')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('year')
      .execute();
    expect(lines.map((l) => [l.year, l.offer, l.amount_cents])).toEqual([
      [2027, 'partenaire', 700_000],
      [2028, 'connecte', 520_000],
    ]);
  });

  it('applies in time when the letter arrives three months before the end of the year', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-02-20',
      metropoleSignedOn: '2026-03-01',
      toodego: 'abonne',
    });
    // Year 1 ends on 28 February 2027; deadline 1 December 2026.
    const response = await operator.submit(
      `/admin/conventions/${commune.slug}/avenant`,
      `/admin/conventions/${commune.slug}/avenant`,
      {
        kind: 'change_offer',
        service: 'toodego',
        toOffer: 'partenaire',
        ...dateFields('noticeReceivedOn', '2026-11-30'),
      },
    );
    expect(plain((await operator.get(response.headers.location as string)).body)).toContain(
      'Il prend effet le 1er mars 2027.',
    );
    const tasks = await t.services.db
      .selectFrom('transition_task')
      .select('code')
      .where('tenant_id', '=', commune.id)
      .orderBy('position')
      .execute();
    expect(tasks.map((task) => task.code)).toEqual(['transfer_eservices', 'data_not_transferred']);
    await runDailyJobsOn(t, '2027-03-01T06:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('partenaire');
    // Annexe Toodego §11: the June order of the year of the change stays at the Abonné offer of 1 January.
    await runDailyJobsOn(t, '2027-06-01T06:00:00Z');
    const line = await t.services.db
      .selectFrom('revenue_order_line')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .where('year', '=', 2027)
      .executeTakeFirstOrThrow();
    expect(line.offer).toBe('abonne');
    expect(line.computation.steps.find((s) => s.kind === 'offer_change')?.detail).toContain(
      "L'offre change le 1er mars 2027",
    );
  });
});

describe('termination (convention-cadre art. 12.2, 12.3)', () => {
  it('ends the agreement and every annex at the end of the year, with the checklist of what leaving triggers', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-02-15',
      metropoleSignedOn: '2026-03-01',
      toodego: 'connecte',
      services: ['laclasse'],
    });
    const response = await operator.submit(
      `/admin/conventions/${commune.slug}/resiliation`,
      `/admin/conventions/${commune.slug}/resiliation`,
      {
        fromParty: 'commune',
        ...dateFields('receivedOn', '2026-11-30'),
      },
    );
    expect(response.statusCode).toBe(303);
    expect(plain((await operator.get(response.headers.location as string)).body)).toContain(
      'La convention et ses annexes prennent fin le 28 février 2027 au soir.',
    );
    const tasks = await t.services.db
      .selectFrom('transition_task')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('service')
      .orderBy('position')
      .execute();
    expect(tasks.map((task) => [task.service, task.code])).toEqual([
      ['laclasse', 'recover_service_data'],
      ['laclasse', 'close_service_access'],
      ['toodego', 'decommission_connectors'],
    ]);

    await runDailyJobsOn(t, '2027-02-28T12:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions).toMatchObject({ toodego: 'connecte', laclasse: 'subscribed' });
    await runDailyJobsOn(t, '2027-03-01T06:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions).toMatchObject({ toodego: 'none', laclasse: 'none' });
    const file = plain(
      (await (await operatorAt('2027-03-01T09:00:00Z')).get(`/admin/conventions/${commune.slug}`)).body,
    );
    expect(file).toContain('terminée le 28 février 2027 au soir — résiliation par la commune (art. 12.2)');
  });

  it('ends by itself after six years; the checklist of the end opens three months before (art. 2, T14)', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-01-10',
      metropoleSignedOn: '2026-01-15',
      toodego: 'abonne',
    });
    await runDailyJobsOn(t, '2031-10-13T12:00:00Z');
    expect(
      await t.services.db.selectFrom('transition_task').selectAll().where('tenant_id', '=', commune.id).execute(),
    ).toHaveLength(0);
    await runDailyJobsOn(t, '2031-10-14T12:00:00Z');
    const tasks = await t.services.db
      .selectFrom('transition_task')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('position')
      .execute();
    expect(tasks.map((task) => [task.code, task.due_on])).toEqual([
      ['finish_pending_requests', '2032-01-15'],
      ['eservices_offline', '2032-01-15'],
      ['hand_over_personal_data', '2032-01-15'],
    ]);
    await runDailyJobsOn(t, '2031-10-15T12:00:00Z');
    expect(
      await t.services.db.selectFrom('transition_task').selectAll().where('tenant_id', '=', commune.id).execute(),
    ).toHaveLength(3);
    await runDailyJobsOn(t, '2032-01-14T12:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('abonne');
    await runDailyJobsOn(t, '2032-01-15T06:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('none');
  });

  it('a termination notice received late renews the agreement for one more year', async () => {
    const commune = await buildCommune(t.services);
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-01-10',
      metropoleSignedOn: '2026-01-15',
      toodego: 'abonne',
    });
    const response = await operator.submit(
      `/admin/conventions/${commune.slug}/resiliation`,
      `/admin/conventions/${commune.slug}/resiliation`,
      {
        fromParty: 'metropole',
        ...dateFields('receivedOn', '2026-10-16'),
      },
    );
    expect(plain((await operator.get(response.headers.location as string)).body)).toContain(
      'Préavis reçu hors délai : la convention est reconduite tacitement pour un an et prend fin le 14 janvier 2028 au soir.',
    );
  });

  it("after a formal notice left unremedied for two months, termination for the metropolis's breach refunds the paid contribution pro rata", async () => {
    const commune = await buildCommune(t.services);
    let operator = await operatorAt('2026-05-20T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2025-11-20',
      metropoleSignedOn: '2025-12-01',
      toodego: 'partenaire',
    });
    await runDailyJobsOn(t, '2026-06-01T06:00:00Z');
    const order = await t.services.db
      .selectFrom('revenue_order')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    expect(order.total_cents).toBe(700_000);

    operator = await operatorAt('2026-08-01T09:00:00Z');
    const admin = await adminClient(t, commune);
    await admin.get(`/c/${commune.slug}/admin/convention/titres/${order.id}`);
    expect(
      (await admin.post(`/admin/facturation/titres/${order.id}/paiement`, dateFields('paidOn', '2026-07-01')))
        .statusCode,
    ).toBe(404);
    await operator.get(`/c/${commune.slug}/admin/convention/titres/${order.id}`);
    const paid = await operator.post(
      `/admin/facturation/titres/${order.id}/paiement`,
      dateFields('paidOn', '2026-07-01'),
    );
    expect(paid.statusCode).toBe(303);

    const notice = await operator.submit(
      `/admin/conventions/${commune.slug}/mise-en-demeure`,
      `/admin/conventions/${commune.slug}/mise-en-demeure`,
      {
        fromParty: 'commune',
        ...dateFields('receivedOn', '2026-08-01'),
        grounds: 'Service indisponible depuis trois semaines.',
      },
    );
    expect(notice.statusCode).toBe(303);
    const noticeId = (
      await t.services.db
        .selectFrom('agreement_notice')
        .select('id')
        .where('tenant_id', '=', commune.id)
        .executeTakeFirstOrThrow()
    ).id;
    const url = `/admin/conventions/${commune.slug}/mise-en-demeure/${noticeId}`;

    operator = await operatorAt('2026-09-15T09:00:00Z');
    const tooEarly = await operator.submit(url, url, { outcome: 'terminate', ...dateFields('lastDay', '2026-10-31') });
    expect(tooEarly.statusCode).toBe(422);
    expect(plain(tooEarly.body)).toContain("Le délai de deux mois court jusqu'au 1er octobre 2026");

    await runDailyJobsOn(t, '2026-10-02T06:00:00Z');
    expect(
      (
        await t.services.db
          .selectFrom('agreement_notice')
          .select('status')
          .where('id', '=', noticeId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('unremedied');

    operator = await operatorAt('2026-10-05T09:00:00Z');
    const terminated = await operator.submit(url, url, {
      outcome: 'terminate',
      ...dateFields('lastDay', '2026-10-31'),
    });
    expect(terminated.statusCode).toBe(303);
    const refund = await t.services.db
      .selectFrom('revenue_order')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .where('kind', '=', 'refund')
      .executeTakeFirstOrThrow();
    // 7 000 € paid for 2026; 61 days after 31 October: 7 000 × 61 / 365 = 1 169,86 €.
    expect(refund.total_cents).toBe(-116_986);
    expect(await auditActions(commune.id)).toEqual(
      expect.arrayContaining([
        'billing.order.paid',
        'agreement.formal-notice.unremedied',
        'agreement.terminate-for-breach',
        'billing.order.refund',
      ]),
    );
    await runDailyJobsOn(t, '2026-11-01T06:00:00Z');
    expect((await offersOf(commune.slug)).subscriptions.toodego).toBe('none');
  });
});

describe('disputes (convention-cadre art. 13)', () => {
  it('gives one month to decide; silence is a rejection, and a late decision is refused', async () => {
    const commune = await buildCommune(t.services);
    let operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-01-10',
      metropoleSignedOn: '2026-01-15',
      toodego: 'abonne',
    });
    for (const subject of ['Montant du titre 2026 contesté', 'Délai de support non tenu']) {
      const response = await operator.submit(
        `/admin/conventions/${commune.slug}/reclamation`,
        `/admin/conventions/${commune.slug}/reclamation`,
        {
          fromParty: 'commune',
          ...dateFields('receivedOn', '2026-11-30'),
          subject,
        },
      );
      expect(response.statusCode).toBe(303);
    }
    const [first, second] = await t.services.db
      .selectFrom('agreement_dispute')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('subject', 'desc')
      .execute();
    expect(first?.answer_due_on).toBe('2026-12-30');
    const answerUrl = `/admin/conventions/${commune.slug}/reclamation/${second?.id}`;
    const answered = await operator.submit(answerUrl, answerUrl, {
      decision: 'accepted',
      ...dateFields('answeredOn', '2026-11-30'),
      answer: 'Le délai sera rattrapé.',
    });
    expect(answered.statusCode).toBe(303);

    await runDailyJobsOn(t, '2026-12-30T12:00:00Z');
    expect(
      (
        await t.services.db
          .selectFrom('agreement_dispute')
          .select('status')
          .where('id', '=', first?.id as string)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('open');
    await runDailyJobsOn(t, '2026-12-31T06:00:00Z');
    expect(
      (
        await t.services.db
          .selectFrom('agreement_dispute')
          .select('status')
          .where('id', '=', first?.id as string)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('rejected_by_silence');

    operator = await operatorAt('2026-12-31T09:00:00Z');
    const late = await operator.submit(
      `/admin/conventions/${commune.slug}/reclamation/${first?.id}`,
      `/admin/conventions/${commune.slug}/reclamation/${first?.id}`,
      {
        decision: 'accepted',
        ...dateFields('answeredOn', '2026-12-31'),
        answer: 'Trop tard.',
      },
    );
    expect(late.statusCode).toBe(422);
    expect(plain(late.body)).toContain('Cette réclamation a déjà reçu sa réponse.');
    const file = plain((await operator.get(`/admin/conventions/${commune.slug}`)).body);
    expect(file).toContain('rejetée (absence de décision dans le mois, art. 13)');
    expect(file).toContain('acceptée');
  });
});

describe("a commune's own file (C1, C6; tenant isolation)", () => {
  it('shows its administrators their agreement, offer and amounts, and nothing of another commune', async () => {
    const mine = await buildCommune(t.services, { name: 'Commune A des conventions' });
    const other = await buildCommune(t.services, { name: 'Commune B des conventions' });
    const operator = await operatorAt('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, mine.slug, {
      communeSignedOn: '2026-01-05',
      metropoleSignedOn: '2026-01-12',
      toodego: 'partenaire',
      services: ['laclasse'],
    });
    await recordAgreementByForm(operator, other.slug, {
      communeSignedOn: '2026-01-05',
      metropoleSignedOn: '2026-01-12',
      toodego: 'abonne',
    });
    await runDailyJobsOn(t, '2026-12-01T06:00:00Z');
    const otherOrder = await t.services.db
      .selectFrom('revenue_order')
      .select('id')
      .where('tenant_id', '=', other.id)
      .executeTakeFirstOrThrow();

    const admin = await adminClient(t, mine);
    const page = await admin.get(`/c/${mine.slug}/admin/convention`);
    expect(page.statusCode).toBe(200);
    const body = plain(page.body);
    expect(body).toContain("Offre Toodego aujourd'hui : <strong>Toodego, offre Partenaire</strong>");
    expect(body).toContain('6 789,04 €'); // 7 000 € from 12 January 2026: 354 days of 365
    expect(body).not.toContain('Commune B des conventions');
    expect((await admin.get(`/c/${mine.slug}/admin/convention/titres/${otherOrder.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/c/${other.slug}/admin/convention`)).statusCode).toBe(404);
    expect((await admin.get(`/admin/conventions/${mine.slug}`)).statusCode).toBe(404);
  });
});
