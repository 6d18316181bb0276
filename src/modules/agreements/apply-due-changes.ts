import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { SHARED_SERVICES } from '../../platform/tenancy/tenancy.repo.ts';
import { updateSubscriptions } from '../tenants/index.ts';
import {
  listAnnexes,
  listEndedUnapplied,
  listExpiringWithoutChecklist,
  listUnappliedBoundaries,
  markAgreementEndApplied,
  markAmendmentsApplied,
  markAnnexBoundariesApplied,
} from './agreements.repo.ts';
import { answerDispute, listPendingNoticesDue, listSilentDisputes, setNoticeStatus } from './notices.repo.ts';
import { AGREEMENT_TERMS } from './agreement-terms.ts';
import { offerOn } from './annex-periods.ts';
import { addMonths } from '../../platform/paris-time.ts';
import { openEndChecklist } from './end-agreement.ts';

export type ApplyDueChangesOptions = {
  /** The day in Paris (from the injected clock). */
  today: string;
  /** Only this commune (right after an operator's change); every commune otherwise. */
  tenantId?: string;
};

export type ApplyDueChangesResult = {
  subscriptionsChanged: string[];
  noticesResolved: number;
  disputesRejected: number;
};

/**
 * What the calendar makes happen by itself (the daily job): an annex starting or ending, a change of
 * offer reaching its date, an agreement reaching its end. The contract is the source; the platform's subscriptions
 * follow through `updateSubscriptions`, so `mayUse()` and every page see the new offer. Then the deadlines that
 * decide by silence: a formal notice left unremedied after two months (art. 12.2), a claim left unanswered after a
 * month, which is then rejected (art. 13); and the checklist of an agreement reaching its six years. Idempotent:
 * what has been applied is marked, and applying the same subscriptions twice changes nothing.
 */
export async function applyDueChanges(
  services: Services,
  options: ApplyDueChangesOptions,
): Promise<ApplyDueChangesResult> {
  const { today, tenantId } = options;
  const { db } = services;
  const boundaries = await listUnappliedBoundaries(db, today, tenantId);
  const ended = await listEndedUnapplied(db, today, tenantId);
  const tenantIds = [...new Set([...boundaries.map((b) => b.tenant_id), ...ended.map((a) => a.tenant_id)])];
  const subscriptionsChanged: string[] = [];
  if (tenantIds.length) services.tenants.invalidate();

  for (const id of tenantIds) {
    const commune = await services.tenants.byId(id);
    if (!commune) continue;
    const mine = boundaries.filter((b) => b.tenant_id === id);
    const annexes = await withTenant(db, id, (trx) => listAnnexes(trx));
    const affected = new Set<SharedService>(mine.map((b) => b.service));
    const subscriptions = Object.fromEntries(
      SHARED_SERVICES.map((service) => [
        service,
        affected.has(service) ? offerOn(annexes, service, today) : (commune.offers.subscriptions[service] ?? 'none'),
      ]),
    ) as Record<SharedService, SubscriptionOffer>;
    const result = await updateSubscriptions(services, {
      tenant: commune,
      actor: SYSTEM_ACTOR,
      subscriptions,
      contactEmail: commune.contact_email,
      hostNames: commune.host_names,
    });
    if (result.ok && result.changed.length)
      subscriptionsChanged.push(...result.changed.map((s) => `${commune.slug}/${s}`));

    const now = services.clock.now();
    await withTenant(db, id, async (trx) => {
      await markAnnexBoundariesApplied(trx, {
        started: mine.filter((b) => b.starts_on <= today && !b.start_applied_at).map((b) => b.id),
        ended: mine.filter((b) => b.last_day < today && !b.end_applied_at).map((b) => b.id),
        at: now,
      });
      const amendments = await markAmendmentsApplied(trx, today, now);
      const endedHere = ended.filter((a) => a.tenant_id === id);
      for (const agreement of endedHere) await markAgreementEndApplied(trx, agreement.id, now);
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: id,
        action: 'agreement.changes.apply',
        target: { type: 'tenant', id },
        details: {
          on: today,
          services: Object.fromEntries([...affected].map((s) => [s, subscriptions[s]])),
          amendmentsApplied: amendments.length,
          agreementsEnded: endedHere.map((a) => a.reference),
        },
        at: now,
      });
    });
  }

  // The six years run out (art. 2): three months ahead, when no renewal can change it, the end's checklist opens.
  for (const agreement of await listExpiringWithoutChecklist(
    db,
    today,
    addMonths(today, AGREEMENT_TERMS.noticeMonths),
  )) {
    if (tenantId && agreement.tenant_id !== tenantId) continue;
    await withTenant(db, agreement.tenant_id, async (trx) => {
      const annexes = (await listAnnexes(trx)).filter((a) => a.agreement_id === agreement.id);
      const { tasks } = await openEndChecklist(trx, {
        agreement,
        annexes,
        lastDay: agreement.last_day,
        noticeId: null,
        now: services.clock.now(),
      });
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: agreement.tenant_id,
        action: 'agreement.expiry.checklist',
        target: { type: 'agreement', id: agreement.id },
        details: { lastDay: agreement.last_day, tasks },
        at: services.clock.now(),
      });
    });
  }

  let noticesResolved = 0;
  for (const notice of await listPendingNoticesDue(db, today)) {
    if (tenantId && notice.tenant_id !== tenantId) continue;
    const status = notice.kind === 'formal_notice' ? 'unremedied' : 'effective';
    await withTenant(db, notice.tenant_id, async (trx) => {
      await setNoticeStatus(trx, { id: notice.id, status, resolvedOn: null });
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: notice.tenant_id,
        action:
          notice.kind === 'formal_notice' ? 'agreement.formal-notice.unremedied' : 'agreement.termination.effective',
        target: { type: 'agreement_notice', id: notice.id },
        details: { deadline: notice.deadline_on, on: today },
        at: services.clock.now(),
      });
    });
    noticesResolved++;
  }

  let disputesRejected = 0;
  for (const dispute of await listSilentDisputes(db, today)) {
    if (tenantId && dispute.tenant_id !== tenantId) continue;
    await withTenant(db, dispute.tenant_id, async (trx) => {
      // Art. 13: "L'absence de décision dans ce délai vaut rejet de la réclamation."
      await answerDispute(trx, { id: dispute.id, status: 'rejected_by_silence', answeredOn: null, answer: null });
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: dispute.tenant_id,
        action: 'agreement.dispute.rejected-by-silence',
        target: { type: 'agreement_dispute', id: dispute.id },
        details: { answerDue: dispute.answer_due_on, on: today },
        at: services.clock.now(),
      });
    });
    disputesRejected++;
  }
  return { subscriptionsChanged, noticesResolved, disputesRejected };
}
