import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { instanceBase } from '../../platform/http/render.tsx';
import type { EmailContent } from '../../platform/mail/email-template.tsx';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';

/**
 * Who answers for an instance's data protection: the metropolis's operators on its instance, a commune's
 * administrators on the commune's (the controller of each instance, P6). Read before the tenant's transaction.
 */
export async function dpoAddresses(services: Services, tenant: ResolvedTenant): Promise<string[]> {
  const role = tenant.kind === 'metropole' ? 'operator' : 'admin';
  return (await listTenantMembers(services.db, tenant.id)).filter((m) => m.roles.includes(role)).map((m) => m.email);
}

export const citizenRightsUrl = (services: Services, tenant: ResolvedTenant, id: string) =>
  `${services.config.publicUrl}${instanceBase(tenant)}/compte/droits/${id}`;

export const dpoRightsUrl = (services: Services, tenant: ResolvedTenant, id: string) =>
  `${services.config.publicUrl}${instanceBase(tenant)}/admin/droits/${id}`;

/** Each address gets the message once (dedupe key per event and address), in the caller's transaction. */
export async function mailEach(
  services: Services,
  trx: TenantTransaction,
  addresses: string[],
  content: EmailContent,
  dedupe: string,
): Promise<void> {
  if (addresses.length === 0) return;
  await services.jobs.enqueueAll(
    trx,
    [...new Set(addresses)].map((to) =>
      emailJob({ to, content, tenantId: trx.tenantId, dedupeKey: `${dedupe}:${to}` }),
    ),
  );
}
