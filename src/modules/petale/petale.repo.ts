import { deleteStoredFiles } from '../../platform/files/stored-files.repo.ts';
import type { Insertable } from 'kysely';
import { isUuid } from '../../platform/db/uuid.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { PetaleDocumentTable, PetaleSettingRow, PetaleSettingTable } from './petale.tables.ts';

export async function findSetting(db: Executor): Promise<PetaleSettingRow | undefined> {
  return db.selectFrom('petale_setting').selectAll().executeTakeFirst();
}

export async function saveSetting(db: Executor, values: Omit<Insertable<PetaleSettingTable>, 'id'>): Promise<void> {
  await db
    .insertInto('petale_setting')
    .values({ id: true, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/** The citizen's consent in force in the commune, if any. */
export async function currentConsent(trx: TenantTransaction, userId: string) {
  return trx
    .selectFrom('petale_consent')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
}

export async function insertConsent(
  trx: TenantTransaction,
  values: { userId: string; version: number; text: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('petale_consent')
    .values({
      tenant_id: trx.tenantId,
      user_id: values.userId,
      consent_version: values.version,
      consent_text: values.text,
      accepted_at: values.at,
    })
    .execute();
}

export async function withdrawConsent(trx: TenantTransaction, userId: string, at: Date): Promise<void> {
  await trx
    .updateTable('petale_consent')
    .set({ withdrawn_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .where('withdrawn_at', 'is', null)
    .execute();
}

const documentColumns = [
  'petale_document.id',
  'petale_document.label',
  'petale_document.file_id',
  'petale_document.created_at',
  'petale_document.expires_at',
  'stored_file.original_name',
  'stored_file.media_type',
  'stored_file.byte_size',
  'stored_file.sha256',
] as const;

/** A citizen's documents in the commune's space, newest first. */
export async function listDocuments(trx: Executor & { tenantId?: string }, tenantId: string, userId: string) {
  return trx
    .selectFrom('petale_document')
    .innerJoin('stored_file', 'stored_file.id', 'petale_document.file_id')
    .select(documentColumns)
    .where('petale_document.tenant_id', '=', tenantId)
    .where('petale_document.user_id', '=', userId)
    .orderBy('petale_document.created_at', 'desc')
    .execute();
}

export type PetaleDocumentView = Awaited<ReturnType<typeof listDocuments>>[number];

/** One of the citizen's own documents; another's, or another tenant's, is undefined. */
export async function findDocument(trx: TenantTransaction, userId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('petale_document')
    .innerJoin('stored_file', 'stored_file.id', 'petale_document.file_id')
    .select(documentColumns)
    .where('petale_document.tenant_id', '=', trx.tenantId)
    .where('petale_document.user_id', '=', userId)
    .where('petale_document.id', '=', id)
    .executeTakeFirst();
}

export async function insertDocument(
  trx: TenantTransaction,
  values: Omit<Insertable<PetaleDocumentTable>, 'tenant_id'>,
) {
  return trx
    .insertInto('petale_document')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes documents and their stored-file rows (each document's file row is its own). Returns how many. */
export async function deleteDocuments(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const deleted = await db.deleteFrom('petale_document').where('id', 'in', ids).returning('file_id').execute();
  const files = deleted.map((d) => d.file_id);
  await deleteStoredFiles(db, files);
  return deleted.length;
}

export async function listDocumentIdsOf(trx: TenantTransaction, userId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('petale_document')
    .select('id')
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

/** Documents whose keeping time has run out, in every tenant (the worker's sweep). */
export async function listExpiredDocumentIds(db: Executor, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('petale_document').select('id').where('expires_at', '<=', now).execute();
  return rows.map((r) => r.id);
}
