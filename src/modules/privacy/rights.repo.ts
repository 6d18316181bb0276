import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { RightsRequestRow, RightsRequestTable } from './privacy.tables.ts';
import type { Insertable } from 'kysely';

/** The rights requests of the instance in scope: its data protection officer's queue and files. */

export async function insertRightsRequest(
  trx: TenantTransaction,
  values: Omit<Insertable<RightsRequestTable>, 'tenant_id'>,
): Promise<RightsRequestRow> {
  return trx
    .insertInto('rights_request')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Open ones first, by deadline; then the answered ones, latest first. */
export async function listRightsQueue(trx: TenantTransaction): Promise<RightsRequestRow[]> {
  const rows = await trx
    .selectFrom('rights_request')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('received_at', 'desc')
    .limit(500)
    .execute();
  const open = rows
    .filter((r) => r.status !== 'answered')
    .sort((a, b) => (a.extended_due_on ?? a.due_on).localeCompare(b.extended_due_on ?? b.due_on));
  return [...open, ...rows.filter((r) => r.status === 'answered')];
}

export async function findRightsRequest(trx: TenantTransaction, id: string): Promise<RightsRequestRow | undefined> {
  return trx
    .selectFrom('rights_request')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A citizen's own requests, on every instance (their account lists them all). */
export async function listRightsRequestsOfUser(db: Executor, userId: string): Promise<RightsRequestRow[]> {
  return db
    .selectFrom('rights_request')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('received_at', 'desc')
    .execute();
}

export async function findRightsRequestOfUser(
  db: Executor,
  userId: string,
  id: string,
): Promise<RightsRequestRow | undefined> {
  return db
    .selectFrom('rights_request')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateRightsRequest(
  trx: TenantTransaction,
  id: string,
  values: Partial<
    Pick<
      RightsRequestRow,
      | 'status'
      | 'extended_due_on'
      | 'extension_reason'
      | 'answered_at'
      | 'answer'
      | 'export_file_id'
      | 'answered_by_label'
    >
  >,
): Promise<void> {
  await trx
    .updateTable('rights_request')
    .set(values)
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}
