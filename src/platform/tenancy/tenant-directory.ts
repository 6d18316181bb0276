import type { Kysely } from 'kysely';
import type { DB, SharedService, SubscriptionOffer, Tenant } from '../db/schema.ts';
import { type Capability, mayUse, type TenantOffers } from './offers.ts';
import { listSubscriptions, listTenants } from './tenancy.repo.ts';

/** A tenant as a request sees it: its row, its production commune (itself unless a test instance), its offers. */
export type ResolvedTenant = Tenant & {
  production: Tenant;
  offers: TenantOffers;
  isTestInstance: boolean;
};

export function tenantMayUse(tenant: ResolvedTenant, capability: Capability): boolean {
  return mayUse(tenant.offers, capability);
}

/**
 * An in-memory copy of the tenant directory (sixty-odd rows), refreshed every few seconds, so resolving the tenant
 * of a request costs no query. Several processes each keep their own copy; a change made elsewhere is seen within
 * `ttlMs`, and at once in the process that made it (`invalidate()`). Freshness of a cache is not business time,
 * so this reads the monotonic clock rather than the injected one.
 */
export class TenantDirectory {
  private snapshot: {
    bySlug: Map<string, ResolvedTenant>;
    byId: Map<string, ResolvedTenant>;
    byHost: Map<string, ResolvedTenant>;
    metropole: ResolvedTenant | undefined;
    loadedAt: number;
  } | null = null;
  private loading: Promise<void> | null = null;
  private lastMissRefresh = -Infinity;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly configuredHosts: Map<string, string> = new Map(),
    private readonly ttlMs = 10_000,
  ) {}

  invalidate(): void {
    this.snapshot = null;
  }

  async all(): Promise<ResolvedTenant[]> {
    return [...(await this.current()).bySlug.values()];
  }

  async bySlug(slug: string): Promise<ResolvedTenant | undefined> {
    const found = (await this.current()).bySlug.get(slug);
    if (found) return found;
    // A tenant created by another process may be newer than our copy; re-read, but at most once a second so that
    // a stream of made-up slugs cannot turn into a stream of queries.
    const now = performance.now();
    if (now - this.lastMissRefresh < 1000) return undefined;
    this.lastMissRefresh = now;
    this.invalidate();
    return (await this.current()).bySlug.get(slug);
  }

  // Called per row by listings (a request's holder, a provider): a map, not a scan of a copied list.
  async byId(id: string): Promise<ResolvedTenant | undefined> {
    return (await this.current()).byId.get(id);
  }

  async byHost(host: string): Promise<ResolvedTenant | undefined> {
    return (await this.current()).byHost.get(hostKey(host));
  }

  async metropole(): Promise<ResolvedTenant> {
    const found = (await this.current()).metropole;
    if (!found) throw new Error("Aucune métropole dans l'annuaire des collectivités : lancez « communs seed ».");
    return found;
  }

  /**
   * The tenant of a host name, else the metropolis, read from the copy without waiting when it is fresh; undefined
   * when the copy must first be (re)loaded (then use `byHost` and `metropole`). Every request resolves its tenant:
   * most of them need no promise for that.
   */
  hostOrMetropoleIfFresh(host: string): ResolvedTenant | undefined {
    if (!this.isFresh()) return undefined;
    return this.snapshot?.byHost.get(hostKey(host)) ?? this.snapshot?.metropole;
  }

  private isFresh(): boolean {
    return !!this.snapshot && performance.now() - this.snapshot.loadedAt < this.ttlMs;
  }

  private async current() {
    if (!this.isFresh()) {
      this.loading ??= this.load().finally(() => {
        this.loading = null;
      });
      await this.loading;
    }
    if (!this.snapshot) throw new Error('tenant directory failed to load');
    return this.snapshot;
  }

  private async load(): Promise<void> {
    const [tenants, subscriptions] = await Promise.all([listTenants(this.db), listSubscriptions(this.db)]);
    const offersByTenant = new Map<string, Partial<Record<SharedService, SubscriptionOffer>>>();
    for (const s of subscriptions) {
      const offers = offersByTenant.get(s.tenant_id) ?? {};
      offers[s.service] = s.offer;
      offersByTenant.set(s.tenant_id, offers);
    }
    const byId = new Map(tenants.map((t) => [t.id, t]));
    const bySlug = new Map<string, ResolvedTenant>();
    for (const tenant of tenants) {
      const production = (tenant.production_tenant_id && byId.get(tenant.production_tenant_id)) || tenant;
      bySlug.set(tenant.slug, {
        ...tenant,
        production,
        isTestInstance: tenant.environment === 'test',
        offers: { kind: production.kind, subscriptions: offersByTenant.get(production.id) ?? {} },
      });
    }
    const byHost = new Map<string, ResolvedTenant>();
    for (const tenant of bySlug.values()) for (const host of tenant.host_names) byHost.set(host.toLowerCase(), tenant);
    for (const [host, slug] of this.configuredHosts) {
      const tenant = bySlug.get(slug);
      if (tenant) byHost.set(host, tenant);
    }
    const resolvedById = new Map([...bySlug.values()].map((t) => [t.id, t]));
    const metropole = [...bySlug.values()].find((t) => t.kind === 'metropole');
    this.snapshot = { bySlug, byId: resolvedById, byHost, metropole, loadedAt: performance.now() };
  }
}

function hostKey(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, '');
}
