import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type {
  ArticleKind,
  ArticleRow,
  DatasetRow,
  OdDatasetTable,
  OdResourceTable,
  ResourceRow,
} from './opendata.tables.ts';

export async function insertDataset(db: Executor, values: Insertable<OdDatasetTable>): Promise<DatasetRow> {
  return db.insertInto('od_dataset').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateDataset(db: Executor, id: string, values: Updateable<OdDatasetTable>): Promise<void> {
  await db.updateTable('od_dataset').set(values).where('id', '=', id).execute();
}

export async function findDatasetBySlug(db: Executor, slug: string): Promise<DatasetRow | undefined> {
  return db.selectFrom('od_dataset').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findDatasetById(db: Executor, id: string): Promise<DatasetRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('od_dataset').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function slugTaken(db: Executor, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('od_dataset').select('id').where('slug', '=', slug).executeTakeFirst());
}

export async function listDatasetsOfProducer(db: Executor, tenantId: string): Promise<DatasetRow[]> {
  return db.selectFrom('od_dataset').selectAll().where('tenant_id', '=', tenantId).orderBy('title').execute();
}

export async function listPublishedDatasets(db: Executor): Promise<DatasetRow[]> {
  return db.selectFrom('od_dataset').selectAll().where('status', '=', 'published').orderBy('title').execute();
}

export async function insertResource(db: Executor, values: Insertable<OdResourceTable>): Promise<ResourceRow> {
  return db.insertInto('od_resource').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateResource(db: Executor, id: string, values: Updateable<OdResourceTable>): Promise<void> {
  await db.updateTable('od_resource').set(values).where('id', '=', id).execute();
}

export async function findResource(db: Executor, id: string): Promise<ResourceRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('od_resource').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listResources(db: Executor, datasetId: string): Promise<ResourceRow[]> {
  return db.selectFrom('od_resource').selectAll().where('dataset_id', '=', datasetId).orderBy('version').execute();
}

export async function nextVersion(db: Executor, datasetId: string): Promise<number> {
  const row = await db
    .selectFrom('od_resource')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('dataset_id', '=', datasetId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

/**
 * The versions served now, newest first: loaded, already in force, and not past their retirement (an older version
 * stays served beside its replacement until then).
 */
export async function servedResources(db: Executor, datasetId: string, now: Date): Promise<ResourceRow[]> {
  return db
    .selectFrom('od_resource')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('status', '=', 'ready')
    .where('available_from', '<=', now)
    .where((eb) => eb.or([eb('retire_at', 'is', null), eb('retire_at', '>', now)]))
    .orderBy('version', 'desc')
    .execute();
}

/** For each dataset, the version served first now (the newest in force), in one query. */
export async function currentResources(
  db: Executor,
  datasetIds: string[],
  now: Date,
): Promise<Map<string, ResourceRow>> {
  const found = new Map<string, ResourceRow>();
  if (datasetIds.length === 0) return found;
  const rows = await db
    .selectFrom('od_resource')
    .selectAll()
    .distinctOn('dataset_id')
    .where('dataset_id', 'in', datasetIds)
    .where('status', '=', 'ready')
    .where('available_from', '<=', now)
    .orderBy('dataset_id')
    .orderBy('version', 'desc')
    .execute();
  for (const row of rows) found.set(row.dataset_id, row);
  return found;
}

export async function addSearchWords(db: Executor, words: string[]): Promise<void> {
  const unique = [...new Set(words.filter((w) => w.length >= 3 && w.length <= 60))];
  if (unique.length === 0) return;
  await db
    .insertInto('od_search_word')
    .values(unique.map((word) => ({ word })))
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/** For each word typed, the portal's closest word (trigram similarity), in one query. */
export async function closestWords(db: Executor, words: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (words.length === 0) return found;
  const rows = await sql<{ typed: string; word: string }>`
    SELECT typed, s.word FROM unnest(${words}::text[]) AS typed
    CROSS JOIN LATERAL (SELECT word FROM od_search_word WHERE word % typed ORDER BY similarity(word, typed) DESC, word LIMIT 1) s`.execute(
    db,
  );
  for (const row of rows.rows) found.set(row.typed, row.word);
  return found;
}

// Followers

export async function follow(db: Executor, datasetId: string, userId: string, at: Date): Promise<void> {
  await db
    .insertInto('od_follower')
    .values({ dataset_id: datasetId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['dataset_id', 'user_id']).doNothing())
    .execute();
}

export async function unfollow(db: Executor, datasetId: string, userId: string): Promise<void> {
  await db.deleteFrom('od_follower').where('dataset_id', '=', datasetId).where('user_id', '=', userId).execute();
}

export async function isFollowing(db: Executor, datasetId: string, userId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('od_follower')
    .select('user_id')
    .where('dataset_id', '=', datasetId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export async function followerEmails(db: Executor, datasetId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('od_follower')
    .innerJoin('user_account', 'user_account.id', 'od_follower.user_id')
    .select('user_account.email')
    .where('od_follower.dataset_id', '=', datasetId)
    .where('user_account.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.email);
}

// Access to restricted datasets

export async function findAccessRequest(db: Executor, datasetId: string, userId: string) {
  return db
    .selectFrom('od_access_request')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertAccessRequest(
  db: Executor,
  values: {
    tenantId: string;
    datasetId: string;
    userId: string;
    familyName: string;
    givenName: string;
    email: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('od_access_request')
    .values({
      tenant_id: values.tenantId,
      dataset_id: values.datasetId,
      user_id: values.userId,
      family_name: values.familyName,
      given_name: values.givenName,
      email: values.email,
      created_at: values.at,
    })
    .onConflict((oc) =>
      oc.columns(['dataset_id', 'user_id']).doUpdateSet({
        family_name: values.familyName,
        given_name: values.givenName,
        email: values.email,
      }),
    )
    .execute();
}

export async function listAccessRequests(db: Executor, datasetId: string) {
  return db
    .selectFrom('od_access_request')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .orderBy('created_at')
    .execute();
}

export async function decideAccessRequest(
  db: Executor,
  id: string,
  datasetId: string,
  status: 'granted' | 'refused',
  at: Date,
): Promise<{ email: string } | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .updateTable('od_access_request')
    .set({ status, decided_at: at })
    .where('id', '=', id)
    .where('dataset_id', '=', datasetId)
    .returning('email')
    .executeTakeFirst();
}

// Usage counters

export async function countUsage(
  db: Executor,
  usage: { tenantId: string; datasetId: string; day: string; kind: 'download' | 'api' },
): Promise<void> {
  await db
    .insertInto('od_usage')
    .values({ tenant_id: usage.tenantId, dataset_id: usage.datasetId, day: usage.day, kind: usage.kind, count: 1 })
    .onConflict((oc) =>
      oc.columns(['dataset_id', 'day', 'kind']).doUpdateSet({ count: sql<number>`od_usage.count + 1` }),
    )
    .execute();
}

export type UsageLine = { dataset_id: string; title: string; day: string; downloads: number; api: number };

/** A producer's usage per dataset and day, newest first. */
export async function usageOfProducer(db: Executor, tenantId: string, since: string): Promise<UsageLine[]> {
  const rows = await sql<UsageLine>`
    SELECT u.dataset_id, d.title, to_char(u.day, 'YYYY-MM-DD') AS day,
      sum(u.count) FILTER (WHERE u.kind = 'download')::int AS downloads,
      sum(u.count) FILTER (WHERE u.kind = 'api')::int AS api
    FROM od_usage u JOIN od_dataset d ON d.id = u.dataset_id
    WHERE u.tenant_id = ${tenantId} AND u.day >= ${since}::date
    GROUP BY u.dataset_id, d.title, u.day
    ORDER BY u.day DESC, d.title`.execute(db);
  return rows.rows.map((r) => ({ ...r, downloads: r.downloads ?? 0, api: r.api ?? 0 }));
}

// Articles

export async function insertArticle(
  db: Executor,
  values: {
    tenantId: string;
    kind: ArticleKind;
    title: string;
    body: string;
    url: string | null;
    datasetId: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('od_article')
    .values({
      tenant_id: values.tenantId,
      kind: values.kind,
      title: values.title,
      body: values.body,
      url: values.url,
      dataset_id: values.datasetId,
      published_at: values.at,
    })
    .execute();
}

export async function listArticles(
  db: Executor,
  filter: { tenantId?: string | undefined; datasetId?: string | undefined } = {},
): Promise<ArticleRow[]> {
  let q = db.selectFrom('od_article').selectAll().orderBy('published_at', 'desc').limit(100);
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.datasetId) q = q.where('dataset_id', '=', filter.datasetId);
  return q.execute();
}

/** The hashes of the resources' files (kept by hash alone: the backup copies them, the files' sweep keeps them). */
export async function listResourceFileHashes(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('od_resource')
    .select('file_sha256')
    .distinct()
    .where('file_sha256', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.file_sha256 ? [r.file_sha256] : []));
}
