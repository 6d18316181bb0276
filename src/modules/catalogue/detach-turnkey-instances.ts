import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { detachInstances } from './catalogue.repo.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';

/**
 * A commune leaving the Abonné offer for Partenaire keeps its services' definitions: each instance becomes the
 * commune's own service, with the form and workflow copies it already holds in its tenant, editable from now on and
 * no longer following the model. Runs in the caller's transaction (the transfer task is recorded with it).
 */
export async function detachTurnkeyInstances(
  trx: TenantTransaction,
  options: { actor: AuditActor; at: Date },
): Promise<Array<{ id: string; slug: string; title: string }>> {
  const detached = await detachInstances(trx, options.at);
  for (const eservice of detached)
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'eservice.turnkey.detach',
      target: { type: 'eservice', id: eservice.id },
      details: { slug: eservice.slug },
      at: options.at,
    });
  forgetCachedEServices();
  return detached.map((e) => ({ id: e.id, slug: e.slug, title: e.title }));
}
