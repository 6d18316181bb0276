import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type { HomeNewsRow } from './home.tables.ts';

export async function insertNews(
  trx: TenantTransaction,
  news: { title: string; body: string; at: Date; byLabel: string },
): Promise<HomeNewsRow> {
  return trx
    .insertInto('home_news')
    .values({
      tenant_id: trx.tenantId,
      title: news.title,
      body: news.body,
      published_at: news.at,
      published_by_label: news.byLabel,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The transaction's tenant's news, newest first. */
export async function listNewsOf(trx: TenantTransaction, limit: number): Promise<HomeNewsRow[]> {
  return trx
    .selectFrom('home_news')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Every commune's latest news, newest first (public information, for the metropolis's home page). */
export async function listLatestNews(db: Executor, limit: number): Promise<HomeNewsRow[]> {
  return db.selectFrom('home_news').selectAll().orderBy('published_at', 'desc').limit(limit).execute();
}

export async function deleteNews(trx: TenantTransaction, id: string): Promise<HomeNewsRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .deleteFrom('home_news')
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
