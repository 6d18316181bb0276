import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { agreementTerminatedForBreach } from './agreements.events.ts';
import { findLatestAgreement } from './agreements.repo.ts';
import { findNotice, setNoticeStatus } from './notices.repo.ts';
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
 * that gave it terminates the agreement for breach. The termination is told as a domain event in its transaction:
 * the contributions are not decided here (for the commune's breach the year stays due in full; for the metropolis's,
 * what was already billed is refunded pro rata temporis, by the billing module).
 */
export async function resolveFormalNotice(
  services: Services,
  options: ResolveFormalNoticeOptions,
): Promise<ResolveFormalNoticeResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  const result = await withTenant(services.db, commune.id, async (trx): Promise<ResolveFormalNoticeResult> => {
    const notice = await findNotice(trx, options.noticeId);
    if (!notice || notice.kind !== 'formal_notice') return { ok: false, notFound: true };
    if (notice.status !== 'pending' && notice.status !== 'unremedied') {
      return { ok: false, errors: { outcome: 'Cette mise en demeure est déjà close.' } };
    }
    if (options.outcome === 'remedied') {
      await setNoticeStatus(trx, { id: notice.id, status: 'remedied', resolvedOn: today });
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
    const agreement = await findLatestAgreement(trx);
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
    await setNoticeStatus(trx, { id: notice.id, status: 'terminated', resolvedOn: today });
    await services.events.emit(trx, agreementTerminatedForBreach, {
      tenantId: commune.id,
      agreementId: agreement.id,
      breachBy: reason === 'breach_by_commune' ? 'commune' : 'metropole',
      lastDay: options.lastDay,
      today,
      actor,
      now,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.terminate-for-breach',
      target: { type: 'agreement', id: agreement.id },
      details: { reason, lastDay: options.lastDay, noticeId: notice.id },
      at: now,
    });
    const money =
      reason === 'breach_by_commune'
        ? "La participation de l'année en cours reste due dans son intégralité."
        : "La participation de l'année est due au prorata temporis : ce qui en a déjà été facturé au-delà est restitué.";
    return {
      ok: true,
      message: `La convention est résiliée pour manquement ; elle prend fin le ${formatCalendarDate(options.lastDay)} au soir. ${money}`,
    };
  });
  if (result.ok) await applyDueChanges(services, { today, tenantId: commune.id });
  return result;
}
