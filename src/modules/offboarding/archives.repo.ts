import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { ArchiveStatus, DataArchive } from './offboarding.tables.ts';

/** A commune's exit archives, inside its scope. */

export async function insertArchive(
  trx: TenantTransaction,
  archive: { requestedBy: string | null; label: string; at: Date },
): Promise<DataArchive> {
  return trx
    .insertInto('data_archive')
    .values({
      tenant_id: trx.tenantId,
      requested_by: archive.requestedBy,
      requested_by_label: archive.label,
      requested_at: archive.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findArchive(trx: TenantTransaction, id: string): Promise<DataArchive | undefined> {
  return trx
    .selectFrom('data_archive')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listArchives(trx: TenantTransaction): Promise<DataArchive[]> {
  return trx
    .selectFrom('data_archive')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('requested_at', 'desc')
    .limit(10)
    .execute();
}

export async function updateArchive(
  trx: TenantTransaction,
  id: string,
  change: {
    status?: ArchiveStatus;
    done?: number;
    total?: number;
    storedFileId?: string;
    error?: string;
    finishedAt?: Date;
  },
): Promise<void> {
  await trx
    .updateTable('data_archive')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.done !== undefined ? { done: change.done } : {}),
      ...(change.total !== undefined ? { total: change.total } : {}),
      ...(change.storedFileId ? { stored_file_id: change.storedFileId } : {}),
      ...(change.error ? { error: change.error } : {}),
      ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}
