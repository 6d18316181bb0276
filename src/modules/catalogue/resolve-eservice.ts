import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findPublishedBySlug } from './catalogue.repo.ts';
import type { EServiceRow } from './catalogue.tables.ts';

// Slugs resolve on every submission: a few seconds of memory save a query each time. A publication in this process
// forgets at once; another process's is seen within the TTL (as the tenant directory does).
const CACHE_TTL_MS = 5_000;
// Each entry remembers the database it was read from: a process serving more than one database (the tests, which run
// many files in one process) never answers a slug with another database's rows.
const cache = new Map<string, { rows: EServiceRow[]; at: number; db: Services['db'] }>();

export function forgetCachedEServices(): void {
  cache.clear();
}

async function publishedBySlug(services: Services, slug: string): Promise<EServiceRow[]> {
  const hit = cache.get(slug);
  if (hit && hit.db === services.db && performance.now() - hit.at < CACHE_TTL_MS) return hit.rows;
  const rows = await findPublishedBySlug(services.db, slug);
  if (cache.size > 10_000) cache.clear();
  cache.set(slug, { rows, at: performance.now(), db: services.db });
  return rows;
}

export type ResolvedEService = { eservice: EServiceRow; provider: ResolvedTenant; canonical: boolean };

/**
 * The e-service a slug names in the instance being browsed: the instance's own first; on the metropolis's instance
 * (the one-stop counter, Toodego) also any production provider's, when exactly one has that slug.
 */
export async function resolveEService(
  services: Services,
  browsing: ResolvedTenant,
  slug: string,
): Promise<ResolvedEService | undefined> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return undefined;
  const rows = await publishedBySlug(services, slug);
  const own = rows.find((r) => r.tenant_id === browsing.id);
  if (own) return { eservice: own, provider: browsing, canonical: true };
  if (browsing.kind !== 'metropole' || browsing.isTestInstance) return undefined;
  const candidates: ResolvedEService[] = [];
  for (const row of rows) {
    const provider = await services.tenants.byId(row.tenant_id);
    if (provider && !provider.isTestInstance) candidates.push({ eservice: row, provider, canonical: false });
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}
