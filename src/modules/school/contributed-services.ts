import type { Services } from '../../platform/services.ts';
import { OWN_SERVICE_PATHS, type ServiceKey } from './portal-rights.ts';

/**
 * Where a portal service of the workspace itself lives under `/ecole/:uai/`: the school's own (messaging, blogs,
 * documents) or one served by a higher module (their descriptors' `schoolServices`, read as data, never imported);
 * undefined for a service the school links to at an address of its own.
 */
export function contributedServicePath(services: Services, service: string): string | undefined {
  const own = OWN_SERVICE_PATHS[service as ServiceKey];
  if (own) return own;
  for (const module of services.modules)
    for (const contribution of module.schoolServices ?? [])
      if (contribution.service === service) return contribution.path;
  return undefined;
}
