import { sql } from 'kysely';
import type { Executor } from '../db/tenant-scope.ts';
import type { NewTenant, SharedService, Subscription, SubscriptionOffer, Tenant, TenantTheme } from '../db/schema.ts';

/**
 * Tenants and their subscriptions. The tenant table is the platform's own directory (not tenant-owned data), so
 * these queries run unscoped; everything a tenant owns lives in other repositories that take a tenant id.
 */
export const SHARED_SERVICES: readonly SharedService[] = ['toodego', 'laclasse', 'opendata', 'geonet'];

export async function listTenants(db: Executor): Promise<Tenant[]> {
  return db.selectFrom('tenant').selectAll().orderBy('kind', 'desc').orderBy('name').execute();
}

export async function listSubscriptions(db: Executor): Promise<Subscription[]> {
  return db.selectFrom('subscription').selectAll().execute();
}

export async function findTenantBySlug(db: Executor, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenant').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTenantById(db: Executor, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenant').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTestInstance(db: Executor, productionTenantId: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenant').selectAll().where('production_tenant_id', '=', productionTenantId).executeTakeFirst();
}

/** Inserts or refreshes a tenant by slug (reference data: names and populations change every year). */
export async function upsertTenant(db: Executor, tenant: NewTenant): Promise<Tenant> {
  return db
    .insertInto('tenant')
    .values(tenant)
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet({
        name: (eb) => eb.ref('excluded.name'),
        insee_code: (eb) => eb.ref('excluded.insee_code'),
        siren: (eb) => eb.ref('excluded.siren'),
        population: (eb) => eb.ref('excluded.population'),
        population_municipale: (eb) => eb.ref('excluded.population_municipale'),
        population_year: (eb) => eb.ref('excluded.population_year'),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setSubscription(
  db: Executor,
  options: { tenantId: string; service: SharedService; offer: SubscriptionOffer; since: string | null; at: Date },
): Promise<Subscription> {
  return db
    .insertInto('subscription')
    .values({
      tenant_id: options.tenantId,
      service: options.service,
      offer: options.offer,
      since: options.since,
      updated_at: options.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'service'])
        .doUpdateSet({ offer: options.offer, since: options.since, updated_at: options.at }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Creates a subscription row only where none exists yet (seeding never overwrites an operator's choice). */
export async function ensureSubscription(
  db: Executor,
  options: { tenantId: string; service: SharedService; offer: SubscriptionOffer },
): Promise<void> {
  await db
    .insertInto('subscription')
    .values({ tenant_id: options.tenantId, service: options.service, offer: options.offer })
    .onConflict((oc) => oc.columns(['tenant_id', 'service']).doNothing())
    .execute();
}

export async function updateTenantTheme(db: Executor, tenantId: string, theme: TenantTheme): Promise<void> {
  await db.updateTable('tenant').set({ theme }).where('id', '=', tenantId).execute();
}

export async function updateTenantContact(
  db: Executor,
  tenantId: string,
  values: { contact_email: string | null; host_names: string[] },
): Promise<void> {
  await db.updateTable('tenant').set(values).where('id', '=', tenantId).execute();
}

/** Host names already claimed by another tenant (a host opens exactly one instance). */
export async function hostNamesTakenElsewhere(db: Executor, tenantId: string, hostNames: string[]): Promise<string[]> {
  if (hostNames.length === 0) return [];
  const rows = await db
    .selectFrom('tenant')
    .select(sql<string>`unnest(host_names)`.as('host'))
    .where('id', '<>', tenantId)
    .execute();
  const taken = new Set(rows.map((r) => r.host));
  return hostNames.filter((h) => taken.has(h));
}
