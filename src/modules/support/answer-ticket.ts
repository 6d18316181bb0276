import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { pausesOf, SEVERITY_LABELS, type Severity, slaState, SLA_STATUS_LABELS } from './sla.ts';
import type { Side, TicketStatus } from './support.tables.ts';
import { storeTicketFile, type TicketUpload } from './ticket-files.ts';
import {
  communeAddresses,
  communeTicketUrl,
  desksTicketUrl,
  mailEach,
  operatorAddresses,
  ticketLabel,
} from './ticket-mail.ts';
import { findTicket, insertTicketEvent, listTicketEvents, updateTicket } from './tickets.repo.ts';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  nouveau: 'Nouveau',
  en_cours: 'En cours de traitement',
  attente_commune: 'En attente de la commune',
  resolu: 'Résolu',
};

export type TicketAction = {
  commune: ResolvedTenant;
  ticketId: string;
  side: Side;
  author: { userId: string; label: string };
  body: string;
  file: TicketUpload | null;
  /** The metropolis's support may move the ticket; the commune's answer resumes a ticket waiting for it. */
  status?: Exclude<TicketStatus, 'nouveau'> | undefined;
};

/**
 * A message on a ticket, with an attachment and a change of status. Waiting for the commune stops the clock; the
 * commune's answer starts it again; resolution stops it for good and tells the commune (the agreement's "notifiée dès
 * résolution"). Returns false when the ticket is not the commune's, or already resolved.
 */
export async function answerTicket(services: Services, action: TicketAction): Promise<boolean> {
  const at = services.clock.now();
  const { commune } = action;
  const operators = await operatorAddresses(services, services.db);
  return withTenant(services.db, commune.id, async (trx) => {
    const ticket = await findTicket(trx, action.ticketId);
    if (!ticket || ticket.status === 'resolu') return false;
    const next: TicketStatus | undefined =
      action.side === 'commune'
        ? ticket.status === 'attente_commune'
          ? 'en_cours'
          : undefined
        : action.status && action.status !== ticket.status
          ? action.status
          : undefined;
    const file = action.file ? await storeTicketFile(services, trx, action.file, action.author.userId) : null;
    if (action.body || file)
      await insertTicketEvent(trx, {
        ticketId: ticket.id,
        at,
        kind: 'message',
        side: action.side,
        authorLabel: action.author.label,
        body: action.body,
        file,
      });
    if (next) {
      await insertTicketEvent(trx, {
        ticketId: ticket.id,
        at,
        kind: 'statut',
        side: action.side,
        authorLabel: action.author.label,
        status: next,
      });
      await updateTicket(trx, ticket.id, { status: next, resolved_at: next === 'resolu' ? at : null, at });
    } else await updateTicket(trx, ticket.id, { at });

    const label = ticketLabel(ticket);
    if (action.side === 'commune') {
      await mailEach(
        services,
        trx,
        operators,
        {
          subject: `${commune.name} a répondu sur le ticket ${label}`,
          greeting: 'Bonjour,',
          paragraphs: [`${action.author.label} a écrit sur le ticket ${label} « ${ticket.subject} ».`],
          action: { label: 'Voir le ticket', url: desksTicketUrl(services, commune, ticket) },
          signature: 'Communs – support',
        },
        `support-answer:${ticket.id}:${at.getTime()}`,
        commune.id,
      );
      return true;
    }
    const recipients = await communeAddresses(trx, commune, ticket);
    const events = await listTicketEvents(trx, ticket.id);
    const resolved = next === 'resolu';
    const state = slaState(
      {
        severity: ticket.severity as Severity | null,
        qualifiedAt: ticket.qualified_at,
        resolvedAt: resolved ? at : null,
        pauses: pausesOf(events.filter((e) => e.status).map((e) => ({ at: e.at, status: e.status ?? '' }))),
      },
      at,
    );
    const paragraphs = resolved
      ? [
          `Le support de la Métropole a résolu le ticket ${label} « ${ticket.subject} ».`,
          ticket.severity
            ? `Incident ${SEVERITY_LABELS[ticket.severity as Severity].toLowerCase()} : ${SLA_STATUS_LABELS[state.status].toLowerCase()}.`
            : '',
          action.body ? `Message du support : ${action.body}` : '',
        ].filter(Boolean)
      : [
          next === 'attente_commune'
            ? `Le support de la Métropole attend votre réponse sur le ticket ${label} « ${ticket.subject} » ; le délai de résolution est suspendu jusque-là.`
            : `Le support de la Métropole a écrit sur le ticket ${label} « ${ticket.subject} ».`,
          action.body,
        ].filter(Boolean);
    await mailEach(
      services,
      trx,
      recipients,
      {
        subject: resolved ? `Ticket ${label} résolu` : `Ticket ${label} : message du support`,
        greeting: 'Bonjour,',
        paragraphs,
        action: { label: 'Voir le ticket', url: communeTicketUrl(services, commune, ticket) },
        signature: 'Métropole de Lyon – support de la plateforme',
      },
      `support-${resolved ? 'resolved' : 'message'}:${ticket.id}:${at.getTime()}`,
      commune.id,
    );
    return true;
  });
}
