import { withTenant } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { pausesOf, type Severity, type SlaState, slaState } from './sla.ts';
import type { TicketEventRow, TicketRow } from './support.tables.ts';
import { findTicket, listAllTickets, listStatusHistory, listTenantTickets, listTicketEvents } from './tickets.repo.ts';

/** Tickets as their pages show them: with where they stand against their target, now. */

export type TicketWithSla = TicketRow & { sla: SlaState };

export function withSla(ticket: TicketRow, history: Array<{ at: Date; status: string }>, now: Date): TicketWithSla {
  return {
    ...ticket,
    sla: slaState(
      {
        severity: ticket.severity as Severity | null,
        qualifiedAt: ticket.qualified_at,
        resolvedAt: ticket.resolved_at,
        pauses: pausesOf(history),
      },
      now,
    ),
  };
}

const statusChanges = (events: TicketEventRow[]) =>
  events.filter((e) => e.status !== null).map((e) => ({ at: e.at, status: e.status ?? '' }));

export async function loadTicket(
  services: Services,
  commune: ResolvedTenant,
  id: string,
): Promise<{ ticket: TicketWithSla; events: TicketEventRow[] } | undefined> {
  if (!isUuid(id)) return undefined;
  return withTenant(services.db, commune.id, async (trx) => {
    const ticket = await findTicket(trx, id);
    if (!ticket) return undefined;
    const events = await listTicketEvents(trx, id);
    return { ticket: withSla(ticket, statusChanges(events), services.clock.now()), events };
  });
}

export async function listCommuneTickets(services: Services, commune: ResolvedTenant): Promise<TicketWithSla[]> {
  const now = services.clock.now();
  return withTenant(services.db, commune.id, async (trx) => {
    const tickets = await listTenantTickets(trx);
    const history = await listStatusHistory(
      trx,
      tickets.map((t) => t.id),
    );
    return tickets.map((t) => withSla(t, history.get(t.id) ?? [], now));
  });
}

/** Every commune's tickets for the metropolis's support desk, most urgent first. */
export async function listDeskTickets(
  services: Services,
  options: { openOnly: boolean },
): Promise<Array<TicketWithSla & { commune: ResolvedTenant }>> {
  const now = services.clock.now();
  const tickets = await listAllTickets(services.db, options);
  const history = await listStatusHistory(
    services.db,
    tickets.map((t) => t.id),
  );
  const rows: Array<TicketWithSla & { commune: ResolvedTenant }> = [];
  for (const ticket of tickets) {
    const commune = await services.tenants.byId(ticket.tenant_id);
    if (commune) rows.push({ ...withSla(ticket, history.get(ticket.id) ?? [], now), commune });
  }
  const order = ['depasse', 'alerte', 'a_qualifier', 'en_cours', 'en_pause', 'sans_engagement'];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return rows.sort((a, b) => rank(a.sla.status) - rank(b.sla.status));
}
