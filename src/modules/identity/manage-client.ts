import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { setClientSecret, setClientStatus } from './clients.repo.ts';
import { forgetClient, identityRuntime } from './identity-runtime.ts';
import type { ClientStatus, OidcClientRow } from './identity.tables.ts';
import { destroyClientArtefacts } from './oidc/oidc-store.repo.ts';
import { newClientSecret } from './register-client.ts';

/** An operator approves a commune's request, or disables a client (its tokens stop working at once). */
export async function setClientState(
  services: Services,
  options: { client: OidcClientRow; status: Exclude<ClientStatus, 'pending'>; actor: AuditActor },
): Promise<void> {
  const now = services.clock.now();
  await withTenant(services.db, options.client.tenant_id, async (trx) => {
    await setClientStatus(trx, options.client.id, {
      status: options.status,
      ...(options.actor.userId ? { approvedBy: options.actor.userId } : {}),
      at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.client.tenant_id,
      action: options.status === 'active' ? 'identity.client.approve' : 'identity.client.disable',
      target: { type: 'oidc_client', id: options.client.id },
      at: now,
    });
  });
  await forgetClient(services, options.client.id);
  if (options.status === 'disabled') await destroyClientArtefacts(services.db, options.client.id);
}

/**
 * A new secret for an active client, shown once to whoever asked (it is kept encrypted, never shown again). The
 * previous one stops working at once.
 */
export async function regenerateClientSecret(
  services: Services,
  options: { client: OidcClientRow; actor: AuditActor },
): Promise<string> {
  const secret = newClientSecret();
  const now = services.clock.now();
  const { box } = await identityRuntime(services);
  await withTenant(services.db, options.client.tenant_id, async (trx) => {
    await setClientSecret(trx, options.client.id, box.seal(secret), now);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.client.tenant_id,
      action: 'identity.client.secret',
      target: { type: 'oidc_client', id: options.client.id },
      at: now,
    });
  });
  await forgetClient(services, options.client.id);
  return secret;
}
