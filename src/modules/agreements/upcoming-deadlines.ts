import type {
  Agreement,
  AgreementAmendment,
  AgreementDispute,
  AgreementNotice,
  GovernanceMeeting,
} from './agreements.tables.ts';
import { agreementCalendar } from './agreement-terms.ts';
import { addDays, addMonths, formatCalendarDate } from '../../platform/paris-time.ts';
import { MEETING_KIND_ORDER, MEETING_KINDS } from './governance-rules.ts';
import { AMENDMENT_KIND_LABELS } from './views/labels.ts';

export type Deadline = { on: string; commune: { name: string; slug: string } | null; label: string };

/**
 * The dates operators must not miss, from today to `horizonDays` ahead, soonest first: notice deadlines
 * before each tacit renewal, renewals and ends, amendments taking effect, formal notices and claims running out,
 * minutes' fifteen days, and governance bodies due to meet.
 */
export function upcomingDeadlines(
  data: {
    communes: Map<string, { name: string; slug: string }>;
    agreements: Agreement[];
    amendments: AgreementAmendment[];
    notices: AgreementNotice[];
    disputes: AgreementDispute[];
    meetings: GovernanceMeeting[];
  },
  today: string,
  horizonDays: number,
): Deadline[] {
  const until = addDays(today, horizonDays);
  const items: Deadline[] = [];
  const add = (on: string, tenantId: string | null, label: string) => {
    if (on < today || on > until) return;
    const commune = tenantId ? data.communes.get(tenantId) : null;
    if (tenantId && !commune) return;
    items.push({ on, commune: commune ?? null, label });
  };
  for (const agreement of data.agreements) {
    const calendar = agreementCalendar({ effectiveOn: agreement.effective_on, lastDay: agreement.last_day }, today);
    if (calendar.state === 'ended') continue;
    if (calendar.noticeDeadline && calendar.nextRenewalOn) {
      add(
        calendar.noticeDeadline,
        agreement.tenant_id,
        `Dernier jour pour recevoir un préavis avant la reconduction du ${formatCalendarDate(calendar.nextRenewalOn)}`,
      );
      add(calendar.nextRenewalOn, agreement.tenant_id, 'Reconduction tacite de la convention pour un an');
    }
    add(agreement.last_day, agreement.tenant_id, 'Dernier jour de la convention et de ses annexes');
    if (calendar.state === 'signed_not_in_force')
      add(agreement.effective_on, agreement.tenant_id, 'Prise d’effet de la convention');
  }
  for (const a of data.amendments)
    add(
      a.effective_on,
      a.tenant_id,
      `Avenant n° ${a.number} (${AMENDMENT_KIND_LABELS[a.kind].toLowerCase()}) : prise d’effet`,
    );
  for (const n of data.notices) {
    if (n.kind === 'formal_notice' && n.status === 'pending')
      add(n.deadline_on, n.tenant_id, 'Fin du délai de deux mois de la mise en demeure');
  }
  for (const d of data.disputes)
    add(d.answer_due_on, d.tenant_id, 'Dernier jour pour décider d’une réclamation (sinon rejet, art. 13)');
  for (const m of data.meetings) {
    if (m.status === 'awaiting_approval' && m.approval_deadline_on)
      add(m.approval_deadline_on, null, `Fin du délai de validation du compte rendu « ${m.title} »`);
  }
  for (const kind of MEETING_KIND_ORDER) {
    const months = MEETING_KINDS[kind].everyMonths;
    if (!months) continue;
    const last = data.meetings.filter((m) => m.kind === kind).sort((a, b) => b.held_on.localeCompare(a.held_on))[0];
    if (last)
      add(
        addMonths(last.held_on, months),
        null,
        `${MEETING_KINDS[kind].label} à réunir (${MEETING_KINDS[kind].cadence})`,
      );
  }
  return items.sort((a, b) => a.on.localeCompare(b.on) || (a.commune?.name ?? '').localeCompare(b.commune?.name ?? ''));
}
