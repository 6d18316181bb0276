import { isUuid } from '../../platform/db/uuid.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type {
  AgentPreferenceRow,
  BackofficeExportRow,
  ExportStatus,
  InboxViewRow,
  NewRequestNotification,
} from './backoffice.tables.ts';

/**
 * Agents' preferences, saved inbox views and exports: each in its tenant's scope. Inside that scope a repository
 * takes the tenant's transaction alone and reads the tenant from it; platform work across tenants (the digest job,
 * a queued export found by its id) takes any executor.
 */

export async function findAgentPreference(
  trx: TenantTransaction,
  userId: string,
): Promise<AgentPreferenceRow | undefined> {
  return trx
    .selectFrom('agent_preference')
    .selectAll()
    .where('user_id', '=', userId)
    .where('tenant_id', '=', trx.tenantId)
    .executeTakeFirst();
}

export async function listAgentPreferences(trx: TenantTransaction): Promise<AgentPreferenceRow[]> {
  return trx.selectFrom('agent_preference').selectAll().where('tenant_id', '=', trx.tenantId).execute();
}

export async function saveAgentPreference(
  trx: TenantTransaction,
  p: { userId: string; newRequests: NewRequestNotification; digestHour: number; at: Date },
): Promise<void> {
  await trx
    .insertInto('agent_preference')
    .values({
      user_id: p.userId,
      tenant_id: trx.tenantId,
      new_requests: p.newRequests,
      digest_hour: p.digestHour,
      updated_at: p.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'tenant_id'])
        .doUpdateSet({ new_requests: p.newRequests, digest_hour: p.digestHour, updated_at: p.at }),
    )
    .execute();
}

/** Preferences whose digest is due at this hour, every tenant together (platform work: the digest job). */
export async function listDigestPreferences(db: Executor, hour: number): Promise<AgentPreferenceRow[]> {
  return db
    .selectFrom('agent_preference')
    .selectAll()
    .where('new_requests', '=', 'digest')
    .where('digest_hour', '=', hour)
    .execute();
}

export async function markDigestSent(trx: TenantTransaction, userId: string, upTo: Date): Promise<void> {
  await trx
    .updateTable('agent_preference')
    .set({ last_digest_at: upTo })
    .where('user_id', '=', userId)
    .where('tenant_id', '=', trx.tenantId)
    .execute();
}

/** The views an agent may apply: their own and those their colleagues shared. */
export async function listInboxViews(trx: TenantTransaction, userId: string): Promise<InboxViewRow[]> {
  return trx
    .selectFrom('inbox_view')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('shared', '=', true)]))
    .orderBy('name')
    .execute();
}

export async function insertInboxView(
  trx: TenantTransaction,
  v: { ownerUserId: string; name: string; query: Record<string, unknown>; shared: boolean; at: Date },
): Promise<InboxViewRow> {
  return trx
    .insertInto('inbox_view')
    .values({
      tenant_id: trx.tenantId,
      owner_user_id: v.ownerUserId,
      name: v.name,
      query: JSON.stringify(v.query),
      shared: v.shared,
      created_at: v.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Only its owner deletes a view. */
export async function deleteInboxView(
  trx: TenantTransaction,
  id: string,
  ownerUserId: string,
): Promise<InboxViewRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .deleteFrom('inbox_view')
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .where('owner_user_id', '=', ownerUserId)
    .returningAll()
    .executeTakeFirst();
}

export async function insertExport(
  trx: TenantTransaction,
  e: {
    requestedBy: string;
    format: 'csv' | 'ods';
    query: Record<string, unknown>;
    total: number;
    filename: string;
    at: Date;
  },
): Promise<BackofficeExportRow> {
  return trx
    .insertInto('backoffice_export')
    .values({
      tenant_id: trx.tenantId,
      requested_by: e.requestedBy,
      format: e.format,
      query: JSON.stringify(e.query),
      status: 'pending',
      total: e.total,
      done: 0,
      filename: e.filename,
      created_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An export, for the agent who asked for it only: it holds personal data. */
export async function findExport(
  trx: TenantTransaction,
  id: string,
  requestedBy: string,
): Promise<BackofficeExportRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('backoffice_export')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .where('requested_by', '=', requestedBy)
    .executeTakeFirst();
}

export async function findExportById(db: Executor, id: string): Promise<BackofficeExportRow | undefined> {
  return db.selectFrom('backoffice_export').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listExports(trx: TenantTransaction, requestedBy: string): Promise<BackofficeExportRow[]> {
  return trx
    .selectFrom('backoffice_export')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('requested_by', '=', requestedBy)
    .orderBy('created_at', 'desc')
    .limit(20)
    .execute();
}

export async function updateExport(
  db: Executor,
  id: string,
  values: {
    status?: ExportStatus;
    done?: number;
    total?: number;
    storedFileId?: string;
    error?: string;
    finishedAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable('backoffice_export')
    .set({
      ...(values.status ? { status: values.status } : {}),
      ...(values.done !== undefined ? { done: values.done } : {}),
      ...(values.total !== undefined ? { total: values.total } : {}),
      ...(values.storedFileId ? { stored_file_id: values.storedFileId } : {}),
      ...(values.error ? { error: values.error } : {}),
      ...(values.finishedAt ? { finished_at: values.finishedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}
