import type { Services } from '../../platform/services.ts';

/**
 * Where a portal service served by a higher module lives under `/ecole/:uai/` (their descriptors' `schoolServices`,
 * read as data, never imported); undefined for a service the school links to at an address of its own.
 */
export function contributedServicePath(services: Services, service: string): string | undefined {
  for (const module of services.modules)
    for (const contribution of module.schoolServices ?? [])
      if (contribution.service === service) return contribution.path;
  return undefined;
}
