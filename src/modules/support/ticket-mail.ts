import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { instanceBase } from '../../platform/http/render.tsx';
import type { EmailContent } from '../../platform/mail/email-template.tsx';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { TicketRow } from './support.tables.ts';

/** Who hears of a ticket: the metropolis's support (its operators) and the commune (its referent, its administrators). */

export const ticketLabel = (ticket: Pick<TicketRow, 'number'>) => `SUP-${String(ticket.number).padStart(4, '0')}`;

export async function operatorAddresses(services: Services, db: Executor): Promise<string[]> {
  const metropole = await services.tenants.metropole();
  return (await listTenantMembers(db, metropole.id)).filter((m) => m.roles.includes('operator')).map((m) => m.email);
}

export async function communeAddresses(db: Executor, commune: ResolvedTenant, ticket: TicketRow): Promise<string[]> {
  const admins = (await listTenantMembers(db, commune.id)).filter((m) => m.roles.includes('admin')).map((m) => m.email);
  return [...new Set([ticket.contact_email, ...admins])];
}

export function communeTicketUrl(services: Services, commune: ResolvedTenant, ticket: TicketRow): string {
  return `${services.config.publicUrl}${instanceBase(commune)}/support/${ticket.id}`;
}

export function desksTicketUrl(services: Services, commune: ResolvedTenant, ticket: TicketRow): string {
  return `${services.config.publicUrl}/admin/support/${commune.slug}/${ticket.id}`;
}

/**
 * Enqueues one message to each address, in the caller's transaction, each once (dedupe key per event). Inside a
 * commune's scope the jobs must carry its id: the job table is row-level secured too.
 */
export async function mailEach(
  services: Services,
  db: Executor,
  addresses: string[],
  content: EmailContent,
  dedupe: string,
  tenantId: string | null,
): Promise<void> {
  if (addresses.length === 0) return;
  await services.jobs.enqueueAll(
    db,
    addresses.map((to) => emailJob({ to, content, tenantId, dedupeKey: `${dedupe}:${to}` })),
  );
}
