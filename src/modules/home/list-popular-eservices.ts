import { moduleState } from '../../platform/app-module/module-state.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type CatalogueEntry, searchEServices } from '../catalogue/index.ts';
import { requestsPerServiceAndMonth } from '../requests/index.ts';

/** How far back "most used" looks, and how many services the home page shows. */
const USAGE_WINDOW_DAYS = 90;
export const POPULAR_COUNT = 6;

/**
 * When too few services have been used yet (a new instance, the demo's first minutes), the home page fills up with
 * these, in this order, where the catalogue has them: what people most often come for on a city's site.
 */
export const CURATED_SEARCHES = ['état civil', 'signalement', 'déchets', 'inscription scolaire', 'stationnement'];

// Counting is one query per instance over three months of requests: kept ten minutes, per application.
const USAGE_TTL_MS = 10 * 60_000;
export const usageState = moduleState('home.usage', () => ({
  counts: new Map<string, number>(),
  at: Number.NEGATIVE_INFINITY,
}));

/** Requests submitted per e-service over the window, every instance together (a service used in many communes counts once). */
async function usageCounts(services: Services): Promise<Map<string, number>> {
  const cached = services.states.get(usageState);
  if (performance.now() - cached.at < USAGE_TTL_MS) return cached.counts;
  const since = new Date(services.clock.now().getTime() - USAGE_WINDOW_DAYS * 86_400_000);
  const counts = new Map<string, number>();
  for (const tenant of await services.tenants.all()) {
    if (tenant.isTestInstance) continue;
    const rows = await withTenant(services.db, tenant.id, (trx) => requestsPerServiceAndMonth(trx, since));
    for (const row of rows) counts.set(row.eservice_id, (counts.get(row.eservice_id) ?? 0) + row.count);
  }
  Object.assign(cached, { counts, at: performance.now() });
  return counts;
}

export type PopularEService = CatalogueEntry & { uses: number };

/**
 * The most used e-services open to the visitors of `browsing` (issue 23 §1): by requests over the last three months,
 * topped up from a curated list when fewer are used. Only services the instance's catalogue lists (published).
 */
export async function listPopularEServices(services: Services, browsing: ResolvedTenant): Promise<PopularEService[]> {
  const [catalogue, counts] = await Promise.all([
    searchEServices(services, { browsing, q: '', limit: 500 }),
    usageCounts(services),
  ]);
  const ranked = catalogue
    .map((entry) => ({ ...entry, uses: counts.get(entry.eservice.id) ?? 0 }))
    .filter((entry) => entry.uses > 0)
    .sort((a, b) => b.uses - a.uses || a.eservice.title.localeCompare(b.eservice.title, 'fr'));
  // A turnkey service runs in several communes under one title: shown once, where it is used most.
  const used = ranked
    .filter((entry, i) => ranked.findIndex((other) => other.eservice.title === entry.eservice.title) === i)
    .slice(0, POPULAR_COUNT);
  for (const q of CURATED_SEARCHES) {
    if (used.length >= POPULAR_COUNT) break;
    const hits = await searchEServices(services, { browsing, q, limit: 3 });
    const hit = hits.find((h) => !used.some((u) => u.eservice.title === h.eservice.title));
    if (hit) used.push({ ...hit, uses: 0 });
  }
  return used;
}
