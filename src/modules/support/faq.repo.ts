import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { FaqRow } from './support.tables.ts';

/** The FAQ's entries and their French full-text search. */

export type FaqQuery = {
  /** Words typed; none: every entry of the scope, by question. */
  words: string;
  /** One service's entries (and the general ones with them when `withGeneral`). */
  serviceSlug?: string | undefined;
  withGeneral?: boolean;
  /** Only the entries these administrations keep (a commune's instance: its own and the metropolis's). */
  tenantIds?: string[] | undefined;
  limit: number;
};

/**
 * Public entries, across administrations (the FAQ is public content). fr_unaccent folds accents and the French
 * stemmer unites forms ("demarche" finds "démarches"), as in the catalogue; questions rank above answers.
 */
export async function searchFaq(db: Executor, query: FaqQuery): Promise<Array<FaqRow & { rank: number }>> {
  let q = db.selectFrom('support_faq').selectAll().limit(query.limit);
  if (query.tenantIds) q = q.where('tenant_id', 'in', query.tenantIds);
  if (query.serviceSlug) {
    const slug = query.serviceSlug;
    q = q.where((eb) =>
      query.withGeneral
        ? eb.or([eb('service_slug', '=', slug), eb('service_slug', 'is', null)])
        : eb('service_slug', '=', slug),
    );
  }
  const words = query.words.trim();
  if (!words)
    return q
      .select(sql<number>`0`.as('rank'))
      .orderBy(sql`service_slug IS NOT NULL`)
      .orderBy('question')
      .execute();
  // Any of the words (OR), so that a sentence typed in the help form still finds the entries sharing its key words.
  const tsquery = sql`replace(plainto_tsquery('fr_unaccent', ${words})::text, '&', '|')::tsquery`;
  return q
    .select(sql<number>`ts_rank(search_vector, ${tsquery})`.as('rank'))
    .where(sql<boolean>`search_vector @@ ${tsquery}`)
    .orderBy('rank', 'desc')
    .orderBy('question')
    .execute();
}

/** The entries an administration keeps (its management page). */
export async function listOwnFaq(trx: TenantTransaction): Promise<FaqRow[]> {
  return trx
    .selectFrom('support_faq')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('service_slug')
    .orderBy('question')
    .execute();
}

export async function findOwnFaq(trx: TenantTransaction, id: string): Promise<FaqRow | undefined> {
  return trx
    .selectFrom('support_faq')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type FaqInput = {
  serviceSlug: string | null;
  serviceTitle: string | null;
  question: string;
  answer: string;
  by: string;
  at: Date;
};

export async function insertFaq(trx: TenantTransaction, input: FaqInput): Promise<FaqRow> {
  return trx
    .insertInto('support_faq')
    .values({
      tenant_id: trx.tenantId,
      service_slug: input.serviceSlug,
      service_title: input.serviceTitle,
      question: input.question,
      answer: input.answer,
      created_at: input.at,
      updated_at: input.at,
      updated_by_label: input.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateFaq(trx: TenantTransaction, id: string, input: FaqInput): Promise<void> {
  await trx
    .updateTable('support_faq')
    .set({
      service_slug: input.serviceSlug,
      service_title: input.serviceTitle,
      question: input.question,
      answer: input.answer,
      updated_at: input.at,
      updated_by_label: input.by,
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteFaq(trx: TenantTransaction, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('support_faq')
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countFaq(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('support_faq')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
