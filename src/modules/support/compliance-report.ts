import { addDays, type CalendarDate } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { listDeskTickets, type TicketWithSla, withSla } from './load-tickets.ts';
import { COMPLIANCE_GOAL } from './sla.ts';
import { listResolvedBetween, listStatusHistory } from './tickets.repo.ts';
import { parisInstant } from './working-hours.ts';

export type ComplianceTicket = TicketWithSla & { communeName: string };

export type ComplianceRow = {
  commune: { id: string; name: string; slug: string };
  /** Tickets carrying a target (blocking, major) counted in the period. */
  counted: number;
  inTime: number;
  /** inTime / counted, or null with nothing counted. */
  share: number | null;
  meetsGoal: boolean | null;
};

export type ComplianceReport = {
  from: CalendarDate;
  to: CalendarDate;
  rows: ComplianceRow[];
  tickets: ComplianceTicket[];
};

/**
 * The share of tickets resolved within their target, per commune, for a period (the agreement's 95 % "pour chaque
 * commune adhérente"). Counted: the blocking and major tickets resolved in the period, and those still open whose
 * deadline has already passed (an unresolved ticket cannot hide a breach). Minor ones carry no commitment.
 */
export async function complianceReport(
  services: Services,
  options: { from: CalendarDate; to: CalendarDate; communeId?: string | undefined },
): Promise<ComplianceReport> {
  const now = services.clock.now();
  const start = new Date(parisInstant(options.from, 0));
  const end = new Date(parisInstant(addDays(options.to, 1), 0));
  const resolved = await listResolvedBetween(services.db, { from: start, to: end, tenantId: options.communeId });
  const history = await listStatusHistory(
    services.db,
    resolved.map((t) => t.id),
  );
  const counted: TicketWithSla[] = resolved.map((t) => withSla(t, history.get(t.id) ?? [], now));
  if (now >= start) {
    const open = await listDeskTickets(services, { openOnly: true });
    for (const ticket of open)
      if (
        ticket.sla.status === 'depasse' &&
        (!options.communeId || ticket.tenant_id === options.communeId) &&
        ticket.qualified_at &&
        ticket.qualified_at < end
      )
        counted.push(ticket);
  }
  const byCommune = new Map<string, ComplianceRow>();
  const tickets: ComplianceTicket[] = [];
  for (const ticket of counted) {
    if (ticket.sla.targetMs === null) continue;
    const commune = await services.tenants.byId(ticket.tenant_id);
    if (!commune) continue;
    tickets.push({ ...ticket, communeName: commune.name });
    const row = byCommune.get(commune.id) ?? {
      commune: { id: commune.id, name: commune.name, slug: commune.slug },
      counted: 0,
      inTime: 0,
      share: null,
      meetsGoal: null,
    };
    row.counted++;
    if (ticket.sla.status === 'respecte') row.inTime++;
    byCommune.set(commune.id, row);
  }
  const rows = [...byCommune.values()]
    .map((row) => {
      const share = row.counted ? row.inTime / row.counted : null;
      return { ...row, share, meetsGoal: share === null ? null : share >= COMPLIANCE_GOAL };
    })
    .sort((a, b) => a.commune.name.localeCompare(b.commune.name, 'fr'));
  return { from: options.from, to: options.to, rows, tickets };
}
