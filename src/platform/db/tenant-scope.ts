import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * A transaction narrowed to one tenant, which it carries: repositories working inside a tenant's scope take it alone
 * and read the tenant from it, instead of a second argument that could name another tenant.
 */
export type TenantTransaction = Transaction<DB> & { readonly tenantId: string };

/**
 * Runs `work` in a transaction where PostgreSQL itself only shows the given tenant's rows: the second lock behind
 * the tenant-scoped repositories (DESIGN invariant 1). A repository that forgot its `tenant_id` filter still cannot
 * read or write another tenant's rows here.
 */
export async function withTenant<T>(
  db: Kysely<DB>,
  tenantId: string,
  work: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await enterTenantScope(trx, tenantId);
    return work(boundTo(trx, tenantId));
  });
}

/**
 * The transaction, carrying its tenant. Kysely makes a new Transaction object for every transaction, so the field
 * lives exactly as long as the scope it names.
 */
export function boundTo(trx: Transaction<DB>, tenantId: string): TenantTransaction {
  return Object.defineProperty(trx, 'tenantId', { value: tenantId, enumerable: false }) as TenantTransaction;
}

/** Narrows an open transaction to one tenant, until it ends. */
export async function enterTenantScope(trx: Transaction<DB>, tenantId: string): Promise<void> {
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE, ended with the transaction like the tenant setting.
  await sql`SELECT set_config('communs.tenant_id', ${tenantId}, true), set_config('role', 'communs_app', true)`.execute(
    trx,
  );
}
