import type { Executor } from '../../../platform/db/tenant-scope.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { newToken, tokenDigest } from '../../identity/index.ts';

/**
 * Gives a client of our Open311 server (a commune's tool, a mobile application) its API key: shown once, only its
 * digest kept. The key posts requests in its commune's jurisdiction only.
 */
export async function createOpen311Client(
  services: Services,
  options: { tenant: ResolvedTenant; name: string },
): Promise<{ apiKey: string }> {
  const apiKey = newToken();
  await withTenant(services.db, options.tenant.id, (trx) =>
    trx
      .insertInto('open311_client')
      .values({
        tenant_id: trx.tenantId,
        name: options.name,
        key_digest: tokenDigest(apiKey),
        created_at: services.clock.now(),
      })
      .execute(),
  );
  return { apiKey };
}

/** The tenant whose client holds this key, if it is in force (read before any tenant scope: the key says which). */
export async function findOpen311ClientTenant(db: Executor, apiKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('open311_client')
    .select('tenant_id')
    .where('key_digest', '=', tokenDigest(apiKey))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.tenant_id;
}
