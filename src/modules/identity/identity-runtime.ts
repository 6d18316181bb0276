import { createHmac, randomBytes } from 'node:crypto';
import type { Services } from '../../platform/services.ts';
import { SecretBox } from './secret-box.ts';

/**
 * What the identity service derives once per process from the services: the box that seals secrets and the salt of
 * pairwise identifiers. Jobs, routes and use cases reach it through `identityRuntime(services)`.
 */
export type IdentityRuntime = {
  box: SecretBox;
  pairwiseSalt: string;
};

const runtimes = new WeakMap<Services, Promise<IdentityRuntime>>();

export function identityRuntime(services: Services): Promise<IdentityRuntime> {
  let runtime = runtimes.get(services);
  if (!runtime) {
    runtime = (async () => ({ box: new SecretBox(services.cookieSecret), pairwiseSalt: await pairwiseSalt(services) }))();
    runtimes.set(services, runtime);
  }
  return runtime;
}

/**
 * The salt is random and kept in the database, independent of SESSION_SECRET: rotating that secret must not change
 * the `sub` every commune knows its citizens by.
 */
async function pairwiseSalt(services: Services): Promise<string> {
  await services.db
    .insertInto('platform_setting')
    .values({ key: 'oidc_pairwise_salt', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await services.db.selectFrom('platform_setting').select('value').where('key', '=', 'oidc_pairwise_salt').executeTakeFirstOrThrow();
  return row.value;
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
