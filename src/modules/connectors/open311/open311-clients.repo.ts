import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { Open311ClientRow } from '../connectors.tables.ts';

/** A client of our Open311 server, in its tenant's scope: the digest and the last four characters of its key only. */
export async function insertOpen311Client(
  trx: TenantTransaction,
  values: { name: string; keyDigest: string; keyLast4: string; at: Date },
): Promise<Open311ClientRow> {
  return trx
    .insertInto('open311_client')
    .values({
      tenant_id: trx.tenantId,
      name: values.name,
      key_digest: values.keyDigest,
      key_last4: values.keyLast4,
      created_at: values.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The tenant's clients, newest first (revoked ones too: the page says so). */
export async function listOpen311Clients(trx: TenantTransaction): Promise<Open311ClientRow[]> {
  return trx
    .selectFrom('open311_client')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of the tenant's clients still in force; undefined if there is none by that id (or it is revoked). */
export async function revokeOpen311Client(
  trx: TenantTransaction,
  id: string,
  at: Date,
): Promise<Open311ClientRow | undefined> {
  return trx
    .updateTable('open311_client')
    .set({ revoked_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** One of the tenant's clients, revoked or not. */
export async function findOpen311Client(trx: TenantTransaction, id: string): Promise<Open311ClientRow | undefined> {
  return trx
    .selectFrom('open311_client')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The tenant whose client holds this key, if it is in force (read before any tenant scope: the key says which). A
 * revoked key is no key: the server answers it as an unknown one.
 */
export async function findOpen311ClientTenant(db: Executor, keyDigest: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('open311_client')
    .select('tenant_id')
    .where('key_digest', '=', keyDigest)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.tenant_id;
}
