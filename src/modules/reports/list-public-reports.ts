import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type PublicReport, publicReport } from './public-report.ts';
import { listPublicCategories, listPublicReports, type PublicFilter, type PublicScope } from './reports.repo.ts';

export const PAGE_SIZE = 20;
/** The GeoJSON's cap: a map of more points than this says nothing more. */
const MAP_MAX = 1000;
/** Resolved reports stay on the public pages this long, so neighbours see what was done. */
const RESOLVED_DAYS = 30;

export type PublicListQuery = { category?: string | undefined; state?: 'ouverts' | 'resolus' | undefined };

/** The metropolis's instance shows every report; a commune's, those located in it (whoever handles them). */
export function publicScopeOf(tenant: ResolvedTenant): PublicScope {
  return { inseeCode: tenant.kind === 'metropole' ? null : (tenant.insee_code ?? '-') };
}

function filterOf(services: Services, tenant: ResolvedTenant, query: PublicListQuery): PublicFilter {
  return {
    ...publicScopeOf(tenant),
    category: query.category,
    state: query.state,
    resolvedSince: new Date(services.clock.now().getTime() - RESOLVED_DAYS * 86_400_000),
  };
}

/** A page of the public list of reports (open, and resolved in the last 30 days) with the categories to filter by. */
export async function listPublicReportsPage(
  services: Services,
  tenant: ResolvedTenant,
  query: PublicListQuery & { page: number },
): Promise<{
  reports: PublicReport[];
  total: number;
  page: number;
  pages: number;
  categories: Array<{ value: string; label: string }>;
}> {
  const filter = filterOf(services, tenant, query);
  const [{ rows, total }, categories] = await Promise.all([
    listPublicReports(services.db, filter, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
    listPublicCategories(services.db, filter),
  ]);
  return {
    reports: rows.map(publicReport),
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    categories: categories.map((c) => ({ value: c.category, label: c.category_label })),
  };
}

/** The same public data as GeoJSON (RFC 7946), for the map: the approximate point and the public fields only. */
export async function publicReportsGeoJson(
  services: Services,
  tenant: ResolvedTenant,
  query: PublicListQuery & { base: string },
) {
  const { rows } = await listPublicReports(services.db, filterOf(services, tenant, query), {
    limit: MAP_MAX,
    offset: 0,
  });
  return {
    type: 'FeatureCollection' as const,
    features: rows.map(publicReport).map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [r.point.lon, r.point.lat] },
      properties: {
        url: `${query.base}/signalements/${r.id}`,
        categorie: r.categoryLabel,
        service: r.serviceTitle,
        etat: r.statusLabel,
        ouvert: r.open,
        signale_le: r.submittedAt.toISOString(),
        mis_a_jour_le: r.statusChangedAt.toISOString(),
        commune: r.communeName,
        description: r.description,
        suivi_par: r.followers,
      },
    })),
  };
}
