import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { FormVersionRow } from './forms.tables.ts';

/** Form versions: a new one per change, published once, frozen afterwards (a trigger refuses later writes). */
export async function nextFormVersion(db: Executor, eserviceId: string): Promise<number> {
  const row = await db
    .selectFrom('form_version')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('eservice_id', '=', eserviceId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0) + 1;
}

export async function insertPublishedFormVersion(
  db: Executor,
  version: { tenantId: string; eserviceId: string; version: number; definition: unknown; at: Date },
): Promise<FormVersionRow> {
  return db
    .insertInto('form_version')
    .values({
      tenant_id: version.tenantId,
      eservice_id: version.eserviceId,
      version: version.version,
      definition: JSON.stringify(version.definition),
      created_at: version.at,
      published_at: version.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFormVersion(db: Executor, id: string): Promise<FormVersionRow | undefined> {
  return db.selectFrom('form_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFormVersions(db: Executor, ids: string[]): Promise<FormVersionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('form_version').selectAll().where('id', 'in', ids).execute();
}
