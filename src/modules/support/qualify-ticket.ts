import { recordAudit, type AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { PRIORITY_OF, SEVERITY_LABELS, type Severity } from './sla.ts';
import { findTicket, insertTicketEvent, updateTicket } from './tickets.repo.ts';

/**
 * The metropolis's support qualifies a ticket after diagnosis: its type gives its priority and its resolution target.
 * The clock starts at the first qualification; a later change of type keeps that start (the target changes, not
 * the time already spent). A new ticket moves to "en cours".
 */
export async function qualifyTicket(
  services: Services,
  options: { commune: ResolvedTenant; ticketId: string; severity: Severity; actor: AuditActor; authorLabel: string },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.commune.id, async (trx) => {
    const ticket = await findTicket(trx, options.ticketId);
    if (!ticket || ticket.status === 'resolu') return false;
    if (ticket.severity === options.severity) return true;
    await insertTicketEvent(trx, {
      ticketId: ticket.id,
      at,
      kind: 'qualification',
      side: 'metropole',
      authorLabel: options.authorLabel,
      body: `Type : ${SEVERITY_LABELS[options.severity]}, priorité ${PRIORITY_OF[options.severity].toLowerCase()}.`,
      severity: options.severity,
      status: ticket.status === 'nouveau' ? 'en_cours' : null,
    });
    await updateTicket(trx, ticket.id, {
      severity: options.severity,
      qualified_at: ticket.qualified_at ?? at,
      ...(ticket.status === 'nouveau' ? { status: 'en_cours' as const } : {}),
      // A new target deserves its own warning.
      warned_at: null,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.commune.id,
      action: 'support.ticket.qualify',
      target: { type: 'support_ticket', id: ticket.id },
      details: { from: ticket.severity, to: options.severity },
      at,
    });
    return true;
  });
}
