import { isUuid } from '../db/uuid.ts';
import type { Executor } from '../db/tenant-scope.ts';
import type { StoredFile } from '../db/schema.ts';

export async function insertStoredFile(
  db: Executor,
  file: {
    tenantId: string | null;
    sha256: string;
    byteSize: number;
    mediaType: string;
    originalName: string;
    createdBy: string | null;
    at: Date;
  },
): Promise<StoredFile> {
  return db
    .insertInto('stored_file')
    .values({
      tenant_id: file.tenantId,
      sha256: file.sha256,
      byte_size: file.byteSize,
      media_type: file.mediaType,
      original_name: file.originalName.slice(0, 255),
      created_at: file.at,
      created_by: file.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findStoredFile(db: Executor, id: string): Promise<StoredFile | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('stored_file').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStoredFileHashes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('stored_file').select('sha256').distinct().execute();
  return rows.map((r) => r.sha256);
}

export async function findStoredFiles(db: Executor, ids: string[]): Promise<StoredFile[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return db.selectFrom('stored_file').selectAll().where('id', 'in', valid).execute();
}

/**
 * Deletes stored-file rows their owner no longer needs (a purged attachment, an erased document); the bytes go with
 * the daily sweep once no row or module holds them (`sweepUnusedFiles`).
 */
export async function deleteStoredFiles(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('stored_file')
    .where('id', 'in', [...ids])
    .execute();
}
