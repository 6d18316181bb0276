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
  return db.transaction().execute(async (trx) => work(await enterTenantScope(trx, tenantId)));
}

/**
 * The transaction, carrying the tenant whose scope it is in (a statement that enters the scope itself, like the
 * submissions' stored function, binds it afterwards). Kysely makes a new Transaction object for every transaction,
 * so the field lives no longer than the transaction; a batch that moves from one tenant's scope to another's moves it
 * along.
 */
export function boundTo(trx: Transaction<DB>, tenantId: string): TenantTransaction {
  return Object.defineProperty(trx, 'tenantId', {
    value: tenantId,
    enumerable: false,
    configurable: true,
  }) as TenantTransaction;
}

/**
 * Narrows an open transaction to one tenant, until it ends or enters another tenant's scope; the transaction then
 * carries that tenant.
 */
export async function enterTenantScope(trx: Transaction<DB>, tenantId: string): Promise<TenantTransaction> {
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE, ended with the transaction like the tenant setting.
  await sql`SELECT set_config('communs.tenant_id', ${tenantId}, true), set_config('role', 'communs_app', true)`.execute(
    trx,
  );
  return boundTo(trx, tenantId);
}
