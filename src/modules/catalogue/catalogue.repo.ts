import { isUuid } from '../../platform/db/uuid.ts';
import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { EServiceAccess, EServiceRow } from './catalogue.tables.ts';

/**
 * The e-service catalogue. Each e-service belongs to its provider's tenant (row-level security applies when writing
 * in a tenant's scope); the published catalogue is public by nature (whoever provides a service, anyone finds it),
 * so reading it runs outside any tenant scope, filtered on status.
 */

export type NewEService = {
  tenantId: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  themes: string[];
  keywords: string[];
  access: EServiceAccess;
  mutualised: boolean;
  settings: unknown;
  workflowVersionId: string;
  searchTerms: string;
  at: Date;
};

/** Creates the e-service, or updates its catalogue entry when the provider already has one with this slug. */
export async function upsertEService(db: Executor, e: NewEService): Promise<EServiceRow> {
  const values = {
    title: e.title,
    summary: e.summary,
    description: e.description,
    themes: e.themes,
    keywords: e.keywords,
    access: e.access,
    mutualised: e.mutualised,
    settings: JSON.stringify(e.settings),
    workflow_version_id: e.workflowVersionId,
    search_terms: e.searchTerms,
    updated_at: e.at,
  };
  return db
    .insertInto('eservice')
    .values({ tenant_id: e.tenantId, slug: e.slug, created_at: e.at, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setPublishedForm(
  db: Executor,
  eserviceId: string,
  formVersionId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('eservice')
    .set({ published_form_version_id: formVersionId, status: 'published', updated_at: at })
    .where('id', '=', eserviceId)
    .execute();
}

/** The circuit new requests of the e-service follow (those already made keep the version they pinned). */
export async function setEServiceWorkflow(
  db: Executor,
  eserviceId: string,
  workflowVersionId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('eservice')
    .set({ workflow_version_id: workflowVersionId, updated_at: at })
    .where('id', '=', eserviceId)
    .execute();
}

export async function findEServiceById(db: Executor, id: string): Promise<EServiceRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('eservice').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several e-services at once (a dashboard's rows), in no particular order; ids that are not uuids name nothing. */
export async function findEServicesByIds(db: Executor, ids: string[]): Promise<EServiceRow[]> {
  const valid = [...new Set(ids)].filter(isUuid);
  if (valid.length === 0) return [];
  return db.selectFrom('eservice').selectAll().where('id', 'in', valid).execute();
}

/**
 * Published e-services with this slug, across providers (a slug is unique per provider), and those taken offline for
 * a while: their page stays and tells citizens why no request can start.
 */
export async function findPublishedBySlug(db: Executor, slug: string): Promise<EServiceRow[]> {
  return db
    .selectFrom('eservice')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', 'in', ['published', 'closed'])
    .where('published_form_version_id', 'is not', null)
    .execute();
}

/** Takes a published e-service offline (with the message its page shows) or back online. */
export async function setEServiceStatus(
  db: Executor,
  eserviceId: string,
  change: { status: 'published' | 'closed'; message: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('eservice')
    .set({ status: change.status, offline_message: change.message, updated_at: change.at })
    .where('id', '=', eserviceId)
    .where('published_form_version_id', 'is not', null)
    .execute();
}

export async function findEServiceOfTenant(
  db: Executor,
  tenantId: string,
  slug: string,
): Promise<EServiceRow | undefined> {
  return db
    .selectFrom('eservice')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export type SearchQuery = {
  /** Words that must all match (without accents or case); none lists everything. */
  words: string[];
  theme?: string | undefined;
  /** Providers whose services are not listed (test instances other than the one browsed). */
  excludedTenantIds: string[];
  /** Providers whose own services are not listed, their mutualised ones still are (the other communes'). */
  ownServicesHiddenOf?: string[];
  /** Only this provider's services. */
  providerId?: string | undefined;
  limit: number;
};

export type SearchHit = EServiceRow & { rank: number };

/**
 * French full text over the GIN index: fr_unaccent removes accents ("eclairage" finds "Éclairage") and the French
 * stemmer unites forms ("etat civile" finds "état civil"). Title matches rank above keywords and provider names,
 * above the summary and the description. One plainto_tsquery for all the words, so the planner sees one value it can
 * estimate (and uses the index).
 */
export async function searchPublished(db: Executor, query: SearchQuery): Promise<SearchHit[]> {
  let q = db.selectFrom('eservice').selectAll('eservice').where('status', '=', 'published').limit(query.limit);
  if (query.excludedTenantIds.length) q = q.where('tenant_id', 'not in', query.excludedTenantIds);
  const hidden = query.ownServicesHiddenOf ?? [];
  if (hidden.length) q = q.where((eb) => eb.or([eb('tenant_id', 'not in', hidden), eb('mutualised', '=', true)]));
  if (query.providerId) q = q.where('tenant_id', '=', query.providerId);
  if (query.theme) q = q.where(sql<boolean>`themes @> ARRAY[${query.theme}]::text[]`);
  if (query.words.length === 0)
    return q
      .select(sql<number>`0`.as('rank'))
      .orderBy('title')
      .execute();
  const tsquery = sql`plainto_tsquery('fr_unaccent', ${query.words.join(' ')})`;
  return q
    .select(sql<number>`ts_rank(search_vector, ${tsquery})`.as('rank'))
    .where(sql<boolean>`search_vector @@ ${tsquery}`)
    .orderBy('rank', 'desc')
    .orderBy('title')
    .execute();
}

/** Adds words to the catalogue's vocabulary. */
export async function addSearchWords(db: Executor, words: string[]): Promise<void> {
  if (words.length === 0) return;
  await db
    .insertInto('search_word')
    .values(words.map((word) => ({ word })))
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/** For each word typed, the catalogue's closest word (trigram similarity), or none; one query for all the words. */
export async function closestWords(db: Executor, words: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (words.length === 0) return found;
  const rows = await sql<{ typed: string; word: string }>`
    SELECT typed, s.word
    FROM unnest(${words}::text[]) AS typed
    CROSS JOIN LATERAL (SELECT word FROM search_word WHERE word % typed ORDER BY similarity(word, typed) DESC, word LIMIT 1) s`.execute(
    db,
  );
  for (const row of rows.rows) found.set(row.typed, row.word);
  return found;
}

export async function listThemes(db: Executor): Promise<string[]> {
  const rows = await sql<{
    theme: string;
  }>`SELECT DISTINCT unnest(themes) AS theme FROM eservice WHERE status = 'published' ORDER BY 1`.execute(db);
  return rows.rows.map((r) => r.theme);
}

/** The tenant's own e-services and the workflow version each follows. */
export async function listEServiceWorkflows(
  trx: TenantTransaction,
): Promise<Array<{ id: string; title: string; workflow_version_id: string }>> {
  return trx
    .selectFrom('eservice')
    .select(['id', 'title', 'workflow_version_id'])
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('title')
    .execute();
}

/** The services whose requests a tenant may hold: its own, and the mutualised ones routed to it. */
export async function listServicesHandledBy(
  db: Executor,
  tenantId: string,
): Promise<Array<{ id: string; title: string }>> {
  return db
    .selectFrom('eservice')
    .select(['id', 'title'])
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('mutualised', '=', true)]))
    .orderBy('title')
    .execute();
}

/** Marks a metropolis service as a turnkey model, or takes it out of the catalogue (its instances stay). */
export async function setTurnkey(db: Executor, eserviceId: string, turnkey: boolean, at: Date): Promise<void> {
  await db.updateTable('eservice').set({ turnkey, updated_at: at }).where('id', '=', eserviceId).execute();
}

/** The metropolis's services an operator may offer as models: its own, published, not mutualised. */
export async function listModelCandidates(db: Executor, metropoleId: string): Promise<EServiceRow[]> {
  return db
    .selectFrom('eservice')
    .selectAll()
    .where('tenant_id', '=', metropoleId)
    .where('status', '=', 'published')
    .where('mutualised', '=', false)
    .where('model_eservice_id', 'is', null)
    .orderBy('title')
    .execute();
}

export async function listTurnkeyModels(db: Executor): Promise<EServiceRow[]> {
  return db
    .selectFrom('eservice')
    .selectAll()
    .where('turnkey', '=', true)
    .where('status', '=', 'published')
    .orderBy('title')
    .execute();
}

/** Every commune's instance of a model (read outside any scope: the model's owner updates them all). */
export async function listInstancesOf(db: Executor, modelId: string): Promise<EServiceRow[]> {
  return db.selectFrom('eservice').selectAll().where('model_eservice_id', '=', modelId).execute();
}

/** How many instances each model has. */
export async function countInstances(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('eservice')
    .select(['model_eservice_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('model_eservice_id', 'is not', null)
    .groupBy('model_eservice_id')
    .execute();
  return new Map(rows.map((r) => [r.model_eservice_id ?? '', Number(r.count)]));
}

/** The instances a commune holds. */
export async function listTenantInstances(trx: TenantTransaction): Promise<EServiceRow[]> {
  return trx
    .selectFrom('eservice')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('model_eservice_id', 'is not', null)
    .orderBy('title')
    .execute();
}

export async function insertInstance(
  trx: TenantTransaction,
  e: NewEService & { modelId: string },
): Promise<EServiceRow> {
  return trx
    .insertInto('eservice')
    .values({
      tenant_id: trx.tenantId,
      slug: e.slug,
      title: e.title,
      summary: e.summary,
      description: e.description,
      themes: e.themes,
      keywords: e.keywords,
      access: e.access,
      mutualised: false,
      settings: JSON.stringify(e.settings),
      workflow_version_id: e.workflowVersionId,
      search_terms: e.searchTerms,
      model_eservice_id: e.modelId,
      created_at: e.at,
      updated_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An instance's catalogue entry follows its model's (title, texts, access, settings). */
export async function updateInstanceEntry(
  trx: TenantTransaction,
  id: string,
  e: Omit<NewEService, 'tenantId' | 'slug' | 'mutualised' | 'workflowVersionId'>,
): Promise<void> {
  await trx
    .updateTable('eservice')
    .set({
      title: e.title,
      summary: e.summary,
      description: e.description,
      themes: e.themes,
      keywords: e.keywords,
      access: e.access,
      settings: JSON.stringify(e.settings),
      search_terms: e.searchTerms,
      updated_at: e.at,
    })
    .where('id', '=', id)
    .execute();
}

/** The commune's instances become its own services: no model any more, editable like any other. */
export async function detachInstances(trx: TenantTransaction, at: Date): Promise<EServiceRow[]> {
  return trx
    .updateTable('eservice')
    .set({ model_eservice_id: null, updated_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('model_eservice_id', 'is not', null)
    .returningAll()
    .execute();
}

/** Every e-service a tenant provides, whatever its status (its exit archive holds their definitions). */
export async function listTenantEServices(trx: TenantTransaction): Promise<EServiceRow[]> {
  return trx.selectFrom('eservice').selectAll().where('tenant_id', '=', trx.tenantId).orderBy('slug').execute();
}

/** Takes every e-service of the tenant offline (its instance is decommissioned); returns how many were open. */
export async function closeTenantEServices(trx: TenantTransaction, at: Date): Promise<number> {
  const closed = await trx
    .updateTable('eservice')
    .set({ status: 'closed', updated_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('status', '<>', 'closed')
    .returning('id')
    .execute();
  return closed.length;
}
