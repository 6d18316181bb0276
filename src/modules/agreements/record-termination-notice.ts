import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { endOfYearNotice } from './agreement-terms.ts';
import { findLatestAgreement } from './agreements.repo.ts';
import { insertNotice, listNotices } from './notices.repo.ts';
import type { AgreementNotice, Party } from './agreements.tables.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import { endAgreement } from './end-agreement.ts';

export type RecordTerminationNoticeOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  fromParty: Party;
  receivedOn: string;
};

export type RecordTerminationNoticeResult =
  { ok: true; notice: AgreementNotice; message: string } | { ok: false; errors: Record<string, string> };

/**
 * Either party ends the agreement at the end of an adhesion year, with three months' notice by registered letter,
 * the day of receipt deciding (art. 12.2). Late, the agreement is tacitly renewed for a year, and the system says
 * so. Every annex ends with it; the checklist of what leaving triggers is opened.
 */
export async function recordTerminationNotice(
  services: Services,
  options: RecordTerminationNoticeOptions,
): Promise<RecordTerminationNoticeResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  if (options.receivedOn > today)
    return { ok: false, errors: { receivedOn: 'La date de réception ne peut pas être dans le futur.' } };
  return withTenant(services.db, commune.id, async (trx): Promise<RecordTerminationNoticeResult> => {
    const agreement = await findLatestAgreement(trx);
    if (!agreement || agreement.last_day < today)
      return { ok: false, errors: { receivedOn: "La commune n'a pas de convention en vigueur." } };
    if ((await listNotices(trx)).some((n) => n.agreement_id === agreement.id && n.kind === 'termination')) {
      return {
        ok: false,
        errors: { receivedOn: 'Un préavis de résiliation est déjà enregistré pour cette convention.' },
      };
    }
    const outcome = endOfYearNotice(agreement.effective_on, options.receivedOn);
    const lastDay = outcome.lastDay < agreement.last_day ? outcome.lastDay : agreement.last_day;
    const notice = await insertNotice(trx, {
      agreement_id: agreement.id,
      kind: 'termination',
      from_party: options.fromParty,
      received_on: options.receivedOn,
      deadline_on: lastDay,
      late: outcome.late,
      created_at: now,
      created_by_label: actor.label,
    });
    const { tasks } = await endAgreement(trx, {
      agreement,
      lastDay,
      reason:
        lastDay < agreement.max_last_day
          ? options.fromParty === 'commune'
            ? 'notice_commune'
            : 'notice_metropole'
          : 'max_duration',
      noticeId: notice.id,
      now,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.termination.notice',
      target: { type: 'agreement_notice', id: notice.id },
      details: {
        fromParty: options.fromParty,
        receivedOn: options.receivedOn,
        late: outcome.late,
        deadline: outcome.deadline,
        lastDay,
        tasks,
      },
      at: now,
    });
    const end = `La convention et toutes ses annexes prennent fin le ${formatCalendarDate(lastDay)} au soir.`;
    const message = outcome.overtakenByMaxDuration
      ? `La convention arrive de toute façon au terme de ses six ans. ${end}`
      : outcome.late
        ? `Préavis reçu hors délai (il devait l'être au plus tard le ${formatCalendarDate(outcome.deadline)}) : la convention est reconduite tacitement pour un an. ${end}`
        : `Préavis reçu dans le délai. ${end}`;
    return { ok: true, notice, message };
  });
}
