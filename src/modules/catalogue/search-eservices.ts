import { moduleState } from '../../platform/app-module/module-state.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import { closestWords, listThemes, searchPublished } from './catalogue.repo.ts';
import type { EServiceRow } from './catalogue.tables.ts';
import { eservicePath, type Provider, providerOf } from './provider.ts';

export type CatalogueEntry = { eservice: EServiceRow; provider: Provider; path: string };

export type SearchEServicesOptions = {
  /** The instance the citizen browses: its own test services are listed only there. */
  browsing: ResolvedTenant;
  q: string;
  theme?: string | undefined;
  /** Only the services this tenant provides (its own page). */
  provider?: ResolvedTenant | undefined;
  limit?: number;
};

/**
 * Finds e-services whoever provides them: the metropolis's, the communes', the mutualised ones, in French, with
 * accents and typos forgiven. Each comes with its provider, shown wherever the service is.
 */
export async function searchEServices(services: Services, options: SearchEServicesOptions): Promise<CatalogueEntry[]> {
  const text = options.q.trim().slice(0, 200);
  const tenants = await services.tenants.all();
  const { browsing } = options;
  const excludedTenantIds = tenants.filter((t) => t.isTestInstance && t.id !== browsing.id).map((t) => t.id);
  // A commune's catalogue is for its inhabitants: the metropolis's services and its own, not another commune's
  // (which serve that commune's inhabitants only). The metropolis's portal lists everyone's.
  const ownServicesHiddenOf =
    browsing.kind === 'commune'
      ? tenants
          .filter((t) => t.kind === 'commune' && t.id !== browsing.id && t.id !== browsing.production.id)
          .map((t) => t.id)
      : [];
  const words = foldForSearch(text).split(' ').filter(Boolean).slice(0, 8);
  const query = {
    theme: options.theme,
    excludedTenantIds,
    ownServicesHiddenOf,
    providerId: options.provider?.id,
    limit: options.limit ?? 50,
  };
  let hits = await searchPublished(services.db, { ...query, words });
  if (hits.length === 0 && words.length > 0) {
    // Nothing as typed: a word may be a typo ("eclairrage"); search again with the catalogue's closest words.
    const closest = await closestWords(
      services.db,
      words.filter((w) => w.length >= 3),
    );
    const corrected = words.map((w) => closest.get(w) ?? w);
    if (corrected.some((w, i) => w !== words[i]))
      hits = await searchPublished(services.db, { ...query, words: corrected });
  }
  const byId = new Map(tenants.map((t) => [t.id, t]));
  return hits.flatMap((eservice) => {
    const tenant = byId.get(eservice.tenant_id);
    if (!tenant) return [];
    const provider = providerOf(tenant);
    return [{ eservice, provider, path: eservicePath(provider, eservice.slug) }];
  });
}

// The themes are listed on every catalogue page, but change only when a service is published; reading them is a scan of
// the whole catalogue (about 10 ms over 10 000 services, several times the search itself). They are kept a few seconds,
// per application (a test process runs several, each on its own database); a publication in this process forgets them.
const THEMES_TTL_MS = 5_000;
export const cachedThemesState = moduleState('catalogue.themes', () => ({
  themes: [] as string[],
  at: Number.NEGATIVE_INFINITY,
}));

export function forgetCachedThemes(services: Services): void {
  services.states.get(cachedThemesState).at = Number.NEGATIVE_INFINITY;
}

/** The themes of the published catalogue, in order, to filter by. */
export async function catalogueThemes(services: Services): Promise<string[]> {
  const cached = services.states.get(cachedThemesState);
  if (performance.now() - cached.at < THEMES_TTL_MS) return cached.themes;
  const themes = await listThemes(services.db);
  Object.assign(cached, { themes, at: performance.now() });
  return themes;
}
