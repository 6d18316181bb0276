import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import {
  cancelAmendments,
  cancelAnnex,
  insertTasks,
  listAmendments,
  listAnnexes,
  setAgreementEnd,
  setAnnexLastDay,
} from './agreements.repo.ts';
import type { Agreement, AgreementAnnex, EndReason } from './agreements.tables.ts';
import { offerOn } from './annex-periods.ts';
import { addDays } from '../../platform/paris-time.ts';
import { checklistFor } from './transition-checklist.ts';

/**
 * Moves an agreement's end earlier, inside the caller's transaction: "la résiliation de la présente convention-cadre
 * vaut résiliation de toutes les annexes" (art. 12.2). Periods running past the new last day are cut, periods that
 * would only start after it are cancelled with their amendments, and every service still provided on the last day
 * gets its checklist (art. 12.3 for the data).
 */
export async function endAgreement(
  trx: TenantTransaction,
  options: { agreement: Agreement; lastDay: string; reason: EndReason; noticeId: string; now: Date },
): Promise<{ tasks: number }> {
  const { agreement, lastDay, now } = options;
  await setAgreementEnd(trx, { id: agreement.id, lastDay, reason: options.reason });
  const annexes = (await listAnnexes(trx)).filter((a) => a.agreement_id === agreement.id);
  for (const period of annexes) {
    if (period.starts_on > lastDay) await cancelAnnex(trx, period.id, now);
    else if (period.last_day > lastDay) await setAnnexLastDay(trx, period.id, lastDay);
  }
  const beyond = (await listAmendments(trx)).filter(
    (a) => a.agreement_id === agreement.id && a.status === 'scheduled' && a.effective_on > lastDay,
  );
  await cancelAmendments(
    trx,
    beyond.map((a) => a.id),
  );
  return openEndChecklist(trx, { agreement, annexes, lastDay, noticeId: options.noticeId, now });
}

/**
 * The checklist of an agreement's end (art. 12.3: data handed back "pour quelles causes que ce soit"): the tasks
 * of every service still provided on the last day. `noticeId` is null for an agreement reaching its six years.
 */
export async function openEndChecklist(
  trx: TenantTransaction,
  options: { agreement: Agreement; annexes: AgreementAnnex[]; lastDay: string; noticeId: string | null; now: Date },
): Promise<{ tasks: number }> {
  const { agreement, annexes, lastDay, now } = options;
  const dueOn = addDays(lastDay, 1);
  const rows = [];
  for (const service of ['toodego', 'laclasse', 'opendata', 'geonet'] as const) {
    const offer = offerOn(annexes, service, lastDay);
    for (const [position, task] of checklistFor({ service, from: offer, to: 'none' }).entries()) {
      rows.push({
        agreement_id: agreement.id,
        notice_id: options.noticeId,
        service,
        from_offer: offer,
        to_offer: 'none' as const,
        due_on: dueOn,
        code: task.code,
        label: task.label,
        responsible: task.responsible,
        after_code: task.after,
        source: task.source,
        position,
        created_at: now,
      });
    }
  }
  await insertTasks(trx, rows);
  return { tasks: rows.length };
}
