import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { issueBreachRefunds } from '../billing/issue-breach-refunds.ts';
import { findLatestAgreement, findNotice, setNoticeStatus } from './agreements.repo.ts';
import { applyDueChanges } from './apply-due-changes.ts';
import { addDays, formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import { endAgreement } from './end-agreement.ts';

export type ResolveFormalNoticeOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  noticeId: string;
} & ({ outcome: 'remedied' } | { outcome: 'terminate'; lastDay: string });

export type ResolveFormalNoticeResult =
  { ok: true; message: string } | { ok: false; errors: Record<string, string> } | { ok: false; notFound: true };

/**
 * How a formal notice ends (art. 12.2): remedied, or — once the two months have passed without a remedy — the party
 * that gave it terminates the agreement for breach. For the commune's breach the year's contribution stays due in
 * full; for the metropolis's, a contribution already billed is refunded pro rata temporis.
 */
export async function resolveFormalNotice(
  services: Services,
  options: ResolveFormalNoticeOptions,
): Promise<ResolveFormalNoticeResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  const result = await withTenant(services.db, commune.id, async (trx): Promise<ResolveFormalNoticeResult> => {
    const notice = await findNotice(trx, commune.id, options.noticeId);
    if (!notice || notice.kind !== 'formal_notice') return { ok: false, notFound: true };
    if (notice.status !== 'pending' && notice.status !== 'unremedied') {
      return { ok: false, errors: { outcome: 'Cette mise en demeure est déjà close.' } };
    }
    if (options.outcome === 'remedied') {
      await setNoticeStatus(trx, { tenantId: commune.id, id: notice.id, status: 'remedied', resolvedOn: today });
      await recordAudit(trx, {
        actor,
        tenantId: commune.id,
        action: 'agreement.formal-notice.remedied',
        target: { type: 'agreement_notice', id: notice.id },
        at: now,
      });
      return { ok: true, message: 'La mise en demeure est levée : le manquement a été corrigé.' };
    }
    const earliest = addDays(notice.deadline_on, 1);
    if (today < earliest) {
      return {
        ok: false,
        errors: {
          outcome: `Le délai de deux mois court jusqu'au ${formatCalendarDate(notice.deadline_on)} : la résiliation n'est possible qu'ensuite (art. 12.2).`,
        },
      };
    }
    const agreement = await findLatestAgreement(trx, commune.id);
    if (!agreement || agreement.last_day < today)
      return { ok: false, errors: { outcome: "La convention n'est plus en vigueur." } };
    if (options.lastDay < today || options.lastDay > agreement.last_day) {
      return {
        ok: false,
        errors: {
          lastDay: `Choisissez un dernier jour entre aujourd'hui et le ${formatCalendarDate(agreement.last_day)}.`,
        },
      };
    }
    // The party giving notice is the one the other failed: the metropolis's notice means the commune's breach.
    const reason = notice.from_party === 'metropole' ? 'breach_by_commune' : 'breach_by_metropole';
    await endAgreement(trx, { agreement, lastDay: options.lastDay, reason, noticeId: notice.id, now });
    await setNoticeStatus(trx, { tenantId: commune.id, id: notice.id, status: 'terminated', resolvedOn: today });
    const refund =
      reason === 'breach_by_metropole'
        ? await issueBreachRefunds(trx, { tenantId: commune.id, lastDay: options.lastDay, today, actor, now })
        : { refundCents: 0 };
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.terminate-for-breach',
      target: { type: 'agreement', id: agreement.id },
      details: { reason, lastDay: options.lastDay, noticeId: notice.id, refundCents: refund.refundCents },
      at: now,
    });
    const money =
      reason === 'breach_by_commune'
        ? "La participation de l'année en cours reste due dans son intégralité."
        : refund.refundCents > 0
          ? 'La participation déjà facturée est restituée au prorata temporis (titre de remboursement émis).'
          : "La participation de l'année sera calculée au prorata temporis.";
    return {
      ok: true,
      message: `La convention est résiliée pour manquement ; elle prend fin le ${formatCalendarDate(options.lastDay)} au soir. ${money}`,
    };
  });
  if (result.ok) await applyDueChanges(services, { today, tenantId: commune.id });
  return result;
}
