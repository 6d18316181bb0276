import { createHmac } from 'node:crypto';
import type { Services } from '../../platform/services.ts';
import { moduleState } from '../../platform/app-module/module-state.ts';
import { deploymentSecret } from '../../platform/db/settings.repo.ts';
import { SecretBox } from './secret-box.ts';

/**
 * What the identity service derives once per process from the services: the box that seals secrets and the salt of
 * pairwise identifiers. Jobs, routes and use cases reach it through `identityRuntime(services)`.
 */
export type IdentityRuntime = {
  box: SecretBox;
  pairwiseSalt: string;
  /** Clients as the provider reads them, kept 10 s (every token request reads its client); see clientCache(). */
  clients: Map<string, { metadata: Record<string, unknown> | undefined; until: number }>;
};

/** How long a process trusts its copy of a client; the process that changes a client forgets it at once. */
export const CLIENT_CACHE_MS = 10_000;

/** Built once per application with its services. */
export const identityRuntimeState = moduleState<IdentityRuntime>('identity.runtime', async (services) => ({
  box: new SecretBox(services.cookieSecret),
  // Independent of SESSION_SECRET: rotating that secret must not change the `sub` every commune knows its citizens by.
  pairwiseSalt: await deploymentSecret(services.db, 'oidc_pairwise_salt'),
  clients: new Map(),
}));

export async function identityRuntime(services: Services): Promise<IdentityRuntime> {
  return services.states.get(identityRuntimeState);
}

/**
 * The `sub` a client sector knows a citizen by (OpenID Connect Core §8.1): a keyed hash of the sector and the
 * account id. Two portals on one host share it; two communes never do.
 */
export function pairwiseSubject(salt: string, sector: string, userId: string): string {
  return createHmac('sha256', salt).update(`${sector}\n${userId}`).digest('base64url');
}

/** A client's sector: the host of its redirect URIs (they must share it), as oidc-provider computes it. */
export function sectorOf(redirectUris: readonly string[]): string {
  const first = redirectUris[0];
  return first ? new URL(first).host : '';
}

/** After a client changed (secret, status): this process reads it again at once; others within CLIENT_CACHE_MS. */
export async function forgetClient(services: Services, clientId: string): Promise<void> {
  (await identityRuntime(services)).clients.delete(clientId);
}
