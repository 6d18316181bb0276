import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import type { Services } from '../../platform/services.ts';
import { listDeskTickets } from './load-tickets.ts';
import { formatWorkingTime, SEVERITY_LABELS, type Severity } from './sla.ts';
import { desksTicketUrl, mailEach, operatorAddresses, ticketLabel } from './ticket-mail.ts';
import { markWatched } from './tickets.repo.ts';

const dueFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });

/**
 * Every quarter of an hour: tickets close to their deadline warn the metropolis's support (a quarter of the target
 * left), and a breach is reported once. Each warning is sent once per ticket (the mark is set with the e-mail, in one
 * transaction), whatever the number of workers.
 */
export async function watchDeadlines(services: Services): Promise<{ warned: number; breached: number }> {
  const tickets = await listDeskTickets(services, { openOnly: true });
  const operators = await operatorAddresses(services, services.db);
  let warned = 0;
  let breached = 0;
  for (const ticket of tickets) {
    const { status } = ticket.sla;
    const column = status === 'alerte' ? 'warned_at' : status === 'depasse' ? 'breach_notified_at' : null;
    if (!column || ticket[column]) continue;
    const label = ticketLabel(ticket);
    const severity = SEVERITY_LABELS[ticket.severity as Severity].toLowerCase();
    const sent = await services.db.transaction().execute(async (trx) => {
      if (!(await markWatched(trx, ticket.id, column, services.clock.now()))) return false;
      await mailEach(
        services,
        trx,
        operators,
        {
          subject:
            column === 'warned_at'
              ? `Échéance proche : ticket ${label} de ${ticket.commune.name}`
              : `Délai dépassé : ticket ${label} de ${ticket.commune.name}`,
          greeting: 'Bonjour,',
          paragraphs: [
            column === 'warned_at'
              ? `Le ticket ${label} (incident ${severity}) atteint son délai de résolution le ${dueFormat.format(ticket.sla.dueAt ?? services.clock.now())} : il reste ${formatWorkingTime((ticket.sla.targetMs ?? 0) - ticket.sla.elapsedMs)} ouvrées.`
              : `Le ticket ${label} (incident ${severity}) a dépassé son délai de résolution de ${formatWorkingTime(ticket.sla.targetMs ?? 0)} ouvrées.`,
            `« ${ticket.subject} »`,
          ],
          action: { label: 'Voir le ticket', url: desksTicketUrl(services, ticket.commune, ticket) },
          signature: 'Communs – support',
        },
        `support-${column}:${ticket.id}`,
        null,
      );
      return true;
    });
    if (sent && column === 'warned_at') warned++;
    if (sent && column === 'breach_notified_at') breached++;
  }
  return { warned, breached };
}

export const slaWatchJob = defineRecurringJob({
  name: 'support.sla-watch',
  everyMinutes: 15,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await watchDeadlines(services);
  },
});
