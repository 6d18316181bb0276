import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { effectiveDate, endOfYearNotice } from './agreement-terms.ts';
import {
  findLatestAgreement,
  findScheduledAmendment,
  insertAmendment,
  insertAnnexes,
  insertTasks,
  listAnnexes,
  nextAmendmentNumber,
  setAnnexLastDay,
} from './agreements.repo.ts';
import type { AgreementAmendment, AmendmentKind } from './agreements.tables.ts';
import { latestPeriod, offerOn } from './annex-periods.ts';
import { applyDueChanges } from './apply-due-changes.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import { checklistFor } from './transition-checklist.ts';

export type RecordAmendmentOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  kind: AmendmentKind;
  service: SharedService;
  /** The new offer (adding Toodego, or changing its offer); 'subscribed' for the other services. */
  toOffer: SubscriptionOffer;
  communeSignedOn: string | null;
  metropoleSignedOn: string | null;
  /** Dropping a service or changing offer: the day the registered letter was received (it decides the date). */
  noticeReceivedOn: string | null;
};

export type RecordAmendmentResult =
  { ok: true; amendment: AgreementAmendment; message: string } | { ok: false; errors: Record<string, string> };

/**
 * An amendment to a commune's agreement (art. 12.1: "modifier le nombre et la nature des services"): add a service,
 * drop one, or change the Toodego offer. Adding takes effect at the later signature (avenant n° 1, art. 4). Dropping
 * and changing offer follow the notice of annexe Toodego §11 — three months before the end of the adhesion year,
 * from the day of receipt, or the current offer is renewed for a year — and open the commune's checklist.
 */
export async function recordAmendment(
  services: Services,
  options: RecordAmendmentOptions,
): Promise<RecordAmendmentResult> {
  const { commune, actor, kind, service } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  const fail = (field: string, message: string) => ({ ok: false as const, errors: { [field]: message } });

  const result = await withTenant(services.db, commune.id, async (trx): Promise<RecordAmendmentResult> => {
    const agreement = await findLatestAgreement(trx);
    if (!agreement || agreement.last_day < today)
      return fail('kind', "La commune n'a pas de convention en vigueur : enregistrez d'abord la convention-cadre.");
    if (await findScheduledAmendment(trx, service)) {
      return fail(
        'service',
        'Un avenant sur ce service est déjà programmé : il doit prendre effet avant un autre changement.',
      );
    }
    const annexes = (await listAnnexes(trx)).filter((a) => a.agreement_id === agreement.id);
    const reference = agreement.effective_on > today ? agreement.effective_on : today;
    const current = offerOn(annexes, service, reference);

    let effectiveOn: string;
    let lastDayBefore: string | null = null;
    let late = false;
    let message: string;
    if (kind === 'add_service') {
      if (current !== 'none')
        return fail(
          'service',
          'La commune bénéficie déjà de ce service : pour changer d’offre, choisissez « Changer d’offre ».',
        );
      if (!options.communeSignedOn || !options.metropoleSignedOn) {
        return fail(
          options.communeSignedOn ? 'metropoleSignedOn' : 'communeSignedOn',
          "Saisissez les deux dates de signature : l'avenant prend effet à la plus tardive.",
        );
      }
      if (options.communeSignedOn > today || options.metropoleSignedOn > today)
        return fail('communeSignedOn', 'Une date de signature ne peut pas être dans le futur.');
      effectiveOn = effectiveDate(options.communeSignedOn, options.metropoleSignedOn);
      if (effectiveOn < agreement.effective_on) effectiveOn = agreement.effective_on;
      message = `Le service est ajouté à compter du ${formatCalendarDate(effectiveOn)}.`;
    } else {
      if (current === 'none')
        return fail('service', "La commune ne bénéficie pas de ce service : il n'y a rien à retirer ni à changer.");
      if (
        kind === 'change_offer' &&
        (service !== 'toodego' || options.toOffer === current || options.toOffer === 'none')
      ) {
        return fail('toOffer', "Choisissez une offre Toodego différente de l'offre actuelle.");
      }
      if (!options.noticeReceivedOn)
        return fail(
          'noticeReceivedOn',
          'Saisissez la date de réception de la lettre recommandée : elle fait foi pour le préavis de 3 mois.',
        );
      if (options.noticeReceivedOn > today)
        return fail('noticeReceivedOn', 'La date de réception ne peut pas être dans le futur.');
      const outcome = endOfYearNotice(agreement.effective_on, options.noticeReceivedOn);
      if (outcome.effectiveOn > agreement.last_day) {
        return fail(
          'noticeReceivedOn',
          `La convention prend fin le ${formatCalendarDate(agreement.last_day)}, avant la date où ce changement prendrait effet.`,
        );
      }
      effectiveOn = outcome.effectiveOn;
      lastDayBefore = outcome.lastDay;
      late = outcome.late;
      const what = kind === 'drop_service' ? 'Le service prend fin' : "La nouvelle offre s'applique";
      message = late
        ? `Préavis reçu hors délai (il devait l'être au plus tard le ${formatCalendarDate(outcome.deadline)}) : l'offre actuelle est reconduite tacitement pour un an. ${what} le ${formatCalendarDate(effectiveOn)}.`
        : `Préavis reçu dans le délai. ${what} le ${formatCalendarDate(effectiveOn)}.`;
    }

    const toOffer: SubscriptionOffer =
      kind === 'drop_service' ? 'none' : service === 'toodego' ? options.toOffer : 'subscribed';
    const amendment = await insertAmendment(trx, {
      agreement_id: agreement.id,
      number: await nextAmendmentNumber(trx, agreement.id),
      kind,
      service,
      from_offer: current,
      to_offer: toOffer,
      notice_received_on: options.noticeReceivedOn,
      notice_late: late,
      commune_signed_on: options.communeSignedOn,
      metropole_signed_on: options.metropoleSignedOn,
      effective_on: effectiveOn,
      created_at: now,
      created_by_label: actor.label,
    });
    const period = latestPeriod(annexes, service);
    if (lastDayBefore && period) await setAnnexLastDay(trx, period.id, lastDayBefore);
    if (toOffer !== 'none') {
      await insertAnnexes(trx, [
        {
          agreement_id: agreement.id,
          service,
          offer: toOffer,
          starts_on: effectiveOn,
          last_day: agreement.last_day,
          previously_billed_cents: null,
          amendment_id: amendment.id,
          created_at: now,
        },
      ]);
    }
    const tasks = checklistFor({ service, from: current, to: toOffer });
    await insertTasks(
      trx,
      tasks.map((task, position) => ({
        agreement_id: agreement.id,
        amendment_id: amendment.id,
        service,
        from_offer: current,
        to_offer: toOffer,
        due_on: effectiveOn,
        code: task.code,
        label: task.label,
        responsible: task.responsible,
        after_code: task.after,
        source: task.source,
        position,
        created_at: now,
      })),
    );
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.amendment.record',
      target: { type: 'agreement_amendment', id: amendment.id },
      details: {
        number: amendment.number,
        kind,
        service,
        from: current,
        to: toOffer,
        noticeReceivedOn: options.noticeReceivedOn,
        late,
        effectiveOn,
        tasks: tasks.length,
      },
      at: now,
    });
    return { ok: true, amendment, message };
  });
  if (result.ok && result.amendment.effective_on <= today)
    await applyDueChanges(services, { today, tenantId: commune.id });
  return result;
}
