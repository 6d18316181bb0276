import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { SchoolDocument } from '../spaces.tables.ts';
import type { DocumentSpace } from './document-rights.ts';

// The school's documents: each in one person's space or in one group's shared space.

type Owner = { schoolId: string; space: DocumentSpace; personId: string };

function inSpace(trx: TenantTransaction, owner: Owner) {
  const query = trx
    .selectFrom('school_document as d')
    .where('d.tenant_id', '=', trx.tenantId)
    .where('d.school_id', '=', owner.schoolId);
  return owner.space.kind === 'personal'
    ? query.where('d.owner_id', '=', owner.personId)
    : query.where('d.group_id', '=', owner.space.groupId);
}

export type DocumentLine = SchoolDocument & { uploader: string };

export async function listDocuments(trx: TenantTransaction, owner: Owner): Promise<DocumentLine[]> {
  return inSpace(trx, owner)
    .innerJoin('school_person as s', 's.id', 'd.uploaded_by')
    .selectAll('d')
    .select(sql<string>`s.first_name || ' ' || s.last_name`.as('uploader'))
    .orderBy('d.created_at', 'desc')
    .execute();
}

export async function findDocument(
  trx: TenantTransaction,
  owner: Owner,
  id: string,
): Promise<SchoolDocument | undefined> {
  return inSpace(trx, owner).selectAll('d').where('d.id', '=', id).executeTakeFirst();
}

/**
 * The bytes a space holds, read under a lock on the space until the transaction ends: two uploads to one space
 * cannot both pass the quota on the same reading.
 */
export async function lockedUsage(trx: TenantTransaction, owner: Owner): Promise<number> {
  const key = owner.space.kind === 'personal' ? `doc:${owner.personId}` : `doc:${owner.space.groupId}`;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  return usage(trx, owner);
}

export async function usage(trx: TenantTransaction, owner: Owner): Promise<number> {
  const row = await inSpace(trx, owner)
    .select(sql<number>`coalesce(sum(d.byte_size), 0)::bigint`.as('used'))
    .executeTakeFirstOrThrow();
  return Number(row.used);
}

export async function insertDocument(
  trx: TenantTransaction,
  owner: Owner,
  file: { name: string; mediaType: string; byteSize: number; sha256: string; at: Date },
): Promise<string> {
  const row = await trx
    .insertInto('school_document')
    .values({
      tenant_id: trx.tenantId,
      school_id: owner.schoolId,
      owner_id: owner.space.kind === 'personal' ? owner.personId : null,
      group_id: owner.space.kind === 'group' ? owner.space.groupId : null,
      uploaded_by: owner.personId,
      name: file.name,
      media_type: file.mediaType,
      byte_size: file.byteSize,
      sha256: file.sha256,
      created_at: file.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteDocument(trx: TenantTransaction, id: string): Promise<void> {
  await trx.deleteFrom('school_document').where('tenant_id', '=', trx.tenantId).where('id', '=', id).execute();
}

/** The hashes of every space's documents. */
export async function listDocumentFileHashes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('school_document').select('sha256').distinct().execute();
  return rows.map((r) => r.sha256);
}
