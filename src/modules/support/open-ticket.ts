import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { TicketCategory, TicketRow } from './support.tables.ts';
import { storeTicketFile, type TicketUpload } from './ticket-files.ts';
import { desksTicketUrl, mailEach, operatorAddresses, ticketLabel } from './ticket-mail.ts';
import { insertTicket, insertTicketEvent, nextTicketNumber } from './tickets.repo.ts';

export const CATEGORY_LABELS: Record<TicketCategory, string> = {
  guichet: 'Guichet numérique (démarches, GRU)',
  identite: 'Service d’identité (GrandLyon Connect)',
  connecteur: 'Connecteur avec le logiciel de la commune',
  donnees: 'Données (import, export, open data)',
  autre: 'Autre',
};

/**
 * A commune's referent opens a ticket: numbered in the commune, its description as the first entry of its history,
 * the metropolis's support told by e-mail in the same transaction.
 */
export async function openTicket(
  services: Services,
  options: {
    commune: ResolvedTenant;
    author: { userId: string; label: string; email: string };
    subject: string;
    category: TicketCategory;
    description: string;
    file: TicketUpload | null;
  },
): Promise<TicketRow> {
  const at = services.clock.now();
  const { commune } = options;
  // Read before the transaction: role assignments of the metropolis are outside the commune's scope.
  const operators = await operatorAddresses(services, services.db);
  return withTenant(services.db, commune.id, async (trx) => {
    const ticket = await insertTicket(trx, {
      number: await nextTicketNumber(trx),
      subject: options.subject,
      category: options.category,
      openedBy: options.author,
      at,
    });
    const file = options.file ? await storeTicketFile(services, trx, options.file, options.author.userId) : null;
    await insertTicketEvent(trx, {
      ticketId: ticket.id,
      at,
      kind: 'ouverture',
      side: 'commune',
      authorLabel: options.author.label,
      body: options.description,
      status: 'nouveau',
      file,
    });
    await mailEach(
      services,
      trx,
      operators,
      {
        subject: `Nouveau ticket ${ticketLabel(ticket)} de ${commune.name} : ${options.subject}`,
        greeting: 'Bonjour,',
        paragraphs: [
          `${commune.name} a ouvert le ticket ${ticketLabel(ticket)} (${CATEGORY_LABELS[options.category]}).`,
          'Qualifiez-le (bloquant, majeur ou mineur) pour fixer sa priorité : le délai de résolution court à partir de là.',
        ],
        action: { label: 'Voir le ticket', url: desksTicketUrl(services, commune, ticket) },
        signature: 'Communs – support',
      },
      `support-open:${ticket.id}`,
      commune.id,
    );
    return ticket;
  });
}
