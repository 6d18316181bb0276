import { randomBytes } from 'node:crypto';
import { grantRole, insertAccount } from '../src/platform/auth/accounts.repo.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import type { SubscriptionOffer, Tenant, TenantRole, ToodegoOffer, UserAccount } from '../src/platform/db/schema.ts';
import type { Services } from '../src/platform/services.ts';
import {
  ensureSubscription,
  findTenantBySlug,
  SHARED_SERVICES,
  setSubscription,
  upsertTenant,
} from '../src/platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';

/** Every factory-made account has this password. */
export const TEST_PASSWORD = 'Mot-de-passe-de-test-2026';
let passwordHash: Promise<string> | null = null;

const unique = () => randomBytes(4).toString('hex');

/**
 * A commune of its own for one test (no truncation between tests: each test builds what it needs, so files run in
 * parallel on one PostgreSQL database).
 */
export async function buildCommune(
  services: Services,
  options: {
    toodego?: ToodegoOffer;
    name?: string;
    others?: Partial<Record<'laclasse' | 'opendata' | 'geonet', boolean>>;
  } = {},
): Promise<ResolvedTenant> {
  const id = unique();
  const tenant = await upsertTenant(services.db, {
    slug: `test-${id}`,
    kind: 'commune',
    name: options.name ?? `Commune de test ${id}`,
    insee_code: null,
    siren: null,
    population: 10_000,
    population_municipale: 9_900,
    population_year: 2026,
  });
  for (const service of SHARED_SERVICES)
    await ensureSubscription(services.db, { tenantId: tenant.id, service, offer: 'none' });
  const at = services.clock.now();
  if (options.toodego)
    await setSubscription(services.db, {
      tenantId: tenant.id,
      service: 'toodego',
      offer: options.toodego,
      since: null,
      at,
    });
  for (const [service, on] of Object.entries(options.others ?? {}) as Array<
    ['laclasse' | 'opendata' | 'geonet', boolean]
  >) {
    const offer: SubscriptionOffer = on ? 'subscribed' : 'none';
    await setSubscription(services.db, { tenantId: tenant.id, service, offer, since: null, at });
  }
  services.tenants.invalidate();
  const resolved = await services.tenants.bySlug(tenant.slug);
  if (!resolved) throw new Error('factory commune not found');
  return resolved;
}

export async function metropole(services: Services): Promise<Tenant> {
  const tenant = await findTenantBySlug(services.db, 'metropole');
  if (!tenant) throw new Error('the test template has no metropolis');
  return tenant;
}

/** An account, with roles in the given tenants. Its e-mail is unique to the test. */
export async function buildUser(
  services: Services,
  options: { grants?: Array<{ tenant: Pick<Tenant, 'id'>; role: TenantRole }>; name?: string } = {},
): Promise<UserAccount & { password: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = unique();
  const account = await insertAccount(services.db, {
    email: `personne.${id}@example.org`,
    displayName: options.name ?? `Personne ${id}`,
    passwordHash: await passwordHash,
    at: services.clock.now(),
  });
  for (const grant of options.grants ?? [])
    await grantRole(services.db, { userId: account.id, tenantId: grant.tenant.id, role: grant.role });
  return { ...account, password: TEST_PASSWORD };
}

export async function buildOperator(services: Services) {
  return buildUser(services, {
    grants: [{ tenant: await metropole(services), role: 'operator' }],
    name: 'Opérateur de test',
  });
}
