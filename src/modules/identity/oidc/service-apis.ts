import type { Services } from '../../../platform/services.ts';
import { SERVICE_API_SCOPES } from './claims.ts';

/** The scope a client-credentials token needs for the back-office API. */
export const BACKOFFICE_API_SCOPE = 'gru:requests';

/**
 * The platform's APIs that accept client-credentials tokens, each an RFC 8707 resource with its own scopes: a token is
 * issued for one of them (its audience), so a token for the deleted-accounts feed cannot process requests.
 */
export type ServiceApi = { resource: string; scopes: readonly string[] };

export function serviceApis(services: Services): { identity: ServiceApi; backoffice: ServiceApi } {
  const base = services.config.publicUrl;
  return {
    identity: { resource: `${base}/api/identity`, scopes: SERVICE_API_SCOPES },
    backoffice: { resource: `${base}/api/gru`, scopes: [BACKOFFICE_API_SCOPE] },
  };
}

export function serviceApiByResource(services: Services, resource: string): ServiceApi | undefined {
  return Object.values(serviceApis(services)).find((api) => api.resource === resource);
}

/**
 * A client-credentials request that names no resource gets the API its scopes belong to (so `scope=gru:requests`
 * alone is enough), the identity API otherwise.
 */
export function defaultServiceApi(services: Services, requestedScope: unknown): ServiceApi {
  const requested = typeof requestedScope === 'string' ? requestedScope.split(' ') : [];
  const apis = serviceApis(services);
  return Object.values(apis).find((api) => api.scopes.some((scope) => requested.includes(scope))) ?? apis.identity;
}
