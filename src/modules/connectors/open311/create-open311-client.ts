import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { newToken, tokenDigest } from '../../identity/index.ts';
import { insertOpen311Client } from './open311-clients.repo.ts';

export const ZOpen311ClientForm = z.object({
  name: z
    .string({ message: 'Donnez un nom à ce client, par exemple « Application mobile de la commune »' })
    .trim()
    .min(1, 'Donnez un nom à ce client, par exemple « Application mobile de la commune »')
    .max(100, 'Le nom du client tient en 100 caractères au plus'),
});
export type Open311ClientForm = z.output<typeof ZOpen311ClientForm>;

/**
 * Gives a client of our Open311 server (a commune's tool, a mobile application) its API key: returned once, to be
 * shown once; only its digest and its last four characters are kept. The key posts requests in its tenant's
 * jurisdiction only. The audit names the client, never the key.
 */
export async function createOpen311Client(
  services: Services,
  options: { tenant: ResolvedTenant; name: string; actor: AuditActor },
): Promise<{ apiKey: string; id: string }> {
  const apiKey = newToken();
  const at = services.clock.now();
  const row = await withTenant(services.db, options.tenant.id, async (trx) => {
    const created = await insertOpen311Client(trx, {
      name: options.name,
      keyDigest: tokenDigest(apiKey),
      keyLast4: apiKey.slice(-4),
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: 'open311.client.create',
      target: { type: 'open311_client', id: created.id },
      details: { name: created.name },
      at,
    });
    return created;
  });
  return { apiKey, id: row.id };
}
