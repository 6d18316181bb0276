import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Severity } from './sla.ts';
import type {
  Side,
  TicketCategory,
  TicketEventKind,
  TicketEventRow,
  TicketRow,
  TicketStatus,
} from './support.tables.ts';

/** Support tickets and their history. Inside a commune's scope, or across communes for the metropolis's support. */

export async function nextTicketNumber(trx: TenantTransaction): Promise<number> {
  const row = await trx
    .selectFrom('support_ticket')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('tenant_id', '=', trx.tenantId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertTicket(
  trx: TenantTransaction,
  input: {
    number: number;
    subject: string;
    category: TicketCategory;
    openedBy: { userId: string | null; label: string; email: string };
    at: Date;
  },
): Promise<TicketRow> {
  return trx
    .insertInto('support_ticket')
    .values({
      tenant_id: trx.tenantId,
      number: input.number,
      subject: input.subject,
      category: input.category,
      opened_by_user_id: input.openedBy.userId,
      opened_by_label: input.openedBy.label,
      contact_email: input.openedBy.email,
      created_at: input.at,
      updated_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type NewTicketEvent = {
  ticketId: string;
  at: Date;
  kind: TicketEventKind;
  side: Side;
  authorLabel: string;
  body?: string;
  status?: TicketStatus | null;
  severity?: Severity | null;
  file?: { id: string; name: string } | null;
};

export async function insertTicketEvent(trx: TenantTransaction, event: NewTicketEvent): Promise<void> {
  await trx
    .insertInto('support_ticket_event')
    .values({
      tenant_id: trx.tenantId,
      ticket_id: event.ticketId,
      at: event.at,
      kind: event.kind,
      side: event.side,
      author_label: event.authorLabel,
      body: event.body ?? '',
      status: event.status ?? null,
      severity: event.severity ?? null,
      file_id: event.file?.id ?? null,
      file_name: event.file?.name ?? null,
    })
    .execute();
}

export async function findTicket(trx: TenantTransaction, id: string): Promise<TicketRow | undefined> {
  return trx
    .selectFrom('support_ticket')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listTicketEvents(trx: TenantTransaction, ticketId: string): Promise<TicketEventRow[]> {
  return trx
    .selectFrom('support_ticket_event')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function listTenantTickets(trx: TenantTransaction): Promise<TicketRow[]> {
  return trx
    .selectFrom('support_ticket')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function updateTicket(
  trx: TenantTransaction,
  id: string,
  set: Partial<Pick<TicketRow, 'status' | 'severity' | 'qualified_at' | 'resolved_at' | 'warned_at'>> & { at: Date },
): Promise<void> {
  const { at, ...columns } = set;
  await trx
    .updateTable('support_ticket')
    .set({ ...columns, updated_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

// Across communes: the metropolis's support desk, the SLA watch and the compliance report (run as the owner).

export async function listAllTickets(db: Executor, options: { openOnly: boolean }): Promise<TicketRow[]> {
  let q = db.selectFrom('support_ticket').selectAll().orderBy('created_at', 'desc').limit(1000);
  if (options.openOnly) q = q.where('status', '<>', 'resolu');
  return q.execute();
}

/** The status changes of tickets, for their pauses (one query for many tickets). */
export async function listStatusHistory(
  db: Executor,
  ticketIds: string[],
): Promise<Map<string, Array<{ at: Date; status: string }>>> {
  const byTicket = new Map<string, Array<{ at: Date; status: string }>>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .selectFrom('support_ticket_event')
    .select(['ticket_id', 'at', 'status'])
    .where('ticket_id', 'in', ticketIds)
    .where('status', 'is not', null)
    .orderBy('at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id) ?? [];
    list.push({ at: row.at, status: row.status ?? '' });
    byTicket.set(row.ticket_id, list);
  }
  return byTicket;
}

/** Tickets resolved in a period, one commune or all (the compliance report). */
export async function listResolvedBetween(
  db: Executor,
  options: { from: Date; to: Date; tenantId?: string | undefined },
): Promise<TicketRow[]> {
  let q = db
    .selectFrom('support_ticket')
    .selectAll()
    .where('resolved_at', '>=', options.from)
    .where('resolved_at', '<', options.to);
  if (options.tenantId) q = q.where('tenant_id', '=', options.tenantId);
  return q.orderBy('resolved_at').execute();
}

export async function markWatched(
  db: Executor,
  id: string,
  column: 'warned_at' | 'breach_notified_at',
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('support_ticket')
    .set({ [column]: at })
    .where('id', '=', id)
    .where(column, 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
