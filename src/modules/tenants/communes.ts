import { z } from 'zod';
import type { Services } from '../../platform/services.ts';
import { SERVICE_LABELS } from '../../platform/tenancy/offers.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { compareFrench } from '../../platform/views/format.ts';

/** The member communes as the directory, the operators' pages and the API show them. */

/** A commune's Toodego offer ("none" when it has none). */
export const ZOffer = z.enum(['partenaire', 'abonne', 'connecte', 'none']);
export type Offer = z.infer<typeof ZOffer>;

/** The shared services other than Toodego, each subscribed or not. */
export const OTHER_SERVICES = ['laclasse', 'opendata', 'geonet'] as const;

export function toodegoOfferOf(tenant: ResolvedTenant): Offer {
  const offer = tenant.offers.subscriptions.toodego;
  return offer === undefined || offer === 'subscribed' ? 'none' : offer;
}

/** The short names of the other services a commune subscribes to. */
export function otherServicesOf(tenant: ResolvedTenant): string[] {
  return OTHER_SERVICES.filter((s) => tenant.offers.subscriptions[s] === 'subscribed').map(
    (s) => SERVICE_LABELS[s].split(' ')[0] ?? s,
  );
}

/** The member communes (test instances left out), in French alphabetical order. */
export async function productionCommunes(services: Services): Promise<ResolvedTenant[]> {
  return (await services.tenants.all())
    .filter((t) => t.kind === 'commune' && !t.isTestInstance)
    .sort((a, b) => compareFrench(a.name, b.name));
}

/** The member commune of that slug, or undefined (the metropolis and test instances are not member communes). */
export async function findProductionCommune(services: Services, slug: string): Promise<ResolvedTenant | undefined> {
  const commune = await services.tenants.bySlug(slug);
  return commune && commune.kind === 'commune' && !commune.isTestInstance ? commune : undefined;
}
