import { instanceBase } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

/** Who provides an e-service, as shown wherever the service or its data appears (name and logo). */
export type Provider = {
  name: string;
  slug: string;
  kind: 'metropole' | 'commune';
  /** The provider's logo, or null (views then show its initial in its colour). */
  logoUrl: string | null;
  /** Base path of the provider's instance: '' for the metropolis, '/c/<slug>' for a commune. */
  base: string;
};

export function providerOf(tenant: ResolvedTenant): Provider {
  const base = instanceBase(tenant);
  return {
    name: tenant.name,
    slug: tenant.slug,
    kind: tenant.kind,
    logoUrl: tenant.theme.logoFileId ? `${base}/logo?v=${tenant.theme.logoFileId.slice(0, 8)}` : null,
    base,
  };
}

/** The canonical page of an e-service: in its provider's instance. */
export function eservicePath(provider: Pick<Provider, 'base'>, slug: string): string {
  return `${provider.base}/demarches/${slug}`;
}
