import type { Config } from '../config.ts';
import { SYSTEM_ACTOR } from '../platform/audit/audit.repo.ts';
import { findAccountByEmail, grantRole, insertAccount } from '../platform/auth/accounts.repo.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { TenantRole, ToodegoOffer } from '../platform/db/schema.ts';
import type { Services } from '../platform/services.ts';
import { seedTenants } from '../platform/tenancy/seed-tenants.ts';
import { findTenantBySlug, updateTenantTheme } from '../platform/tenancy/tenancy.repo.ts';
import { updateSubscriptions } from '../modules/tenants/index.ts';

export class DemoRefusedError extends Error {}

/** The three demo communes of the issue, one per Toodego offer, and what else they subscribe to. */
const DEMO_COMMUNES: Array<{
  slug: string;
  toodego: ToodegoOffer;
  laclasse: boolean;
  opendata: boolean;
  geonet: boolean;
  primary?: string;
}> = [
  { slug: 'givors', toodego: 'partenaire', laclasse: true, opendata: true, geonet: true, primary: '#8a1538' },
  { slug: 'venissieux', toodego: 'abonne', laclasse: true, opendata: true, geonet: true },
  { slug: 'rillieux-la-pape', toodego: 'connecte', laclasse: false, opendata: true, geonet: false },
];

export type DemoAccount = { email: string; displayName: string; description: string };

export function demoAccounts(): Array<DemoAccount & { grants: Array<{ tenantSlug: string; role: TenantRole }> }> {
  const accounts: Array<DemoAccount & { grants: Array<{ tenantSlug: string; role: TenantRole }> }> = [
    { email: 'citoyen@example.org', displayName: 'Camille Martin', description: 'usager', grants: [] },
    {
      email: 'operateur@example.org',
      displayName: 'Dominique Opérateur',
      description: 'opérateur de la Métropole',
      grants: [{ tenantSlug: 'metropole', role: 'operator' }],
    },
    {
      email: 'agent.metropole@example.org',
      displayName: 'Sacha Agent (Métropole)',
      description: 'agent de la Métropole',
      grants: [{ tenantSlug: 'metropole', role: 'agent' }],
    },
    {
      email: 'admin.metropole@example.org',
      displayName: 'Claude Administrateur (Métropole)',
      description: 'administrateur de la Métropole (couches de la carte des agents)',
      grants: [{ tenantSlug: 'metropole', role: 'admin' }],
    },
  ];
  const names: Record<string, string> = {
    givors: 'Givors',
    venissieux: 'Vénissieux',
    'rillieux-la-pape': 'Rillieux-la-Pape',
  };
  for (const { slug } of DEMO_COMMUNES) {
    accounts.push(
      {
        email: `agent.${slug}@example.org`,
        displayName: `Agent de ${names[slug]}`,
        description: `agent de ${names[slug]}`,
        grants: [{ tenantSlug: slug, role: 'agent' }],
      },
      {
        email: `admin.${slug}@example.org`,
        displayName: `Administrateur de ${names[slug]}`,
        description: `administrateur de ${names[slug]}`,
        grants: [{ tenantSlug: slug, role: 'admin' }],
      },
    );
  }
  return accounts;
}

/**
 * Demo data: offers for Givors (Partenaire, with its test instance), Vénissieux (Abonné) and Rillieux-la-Pape
 * (Connecté), and the demo accounts, all with DEMO_PASSWORD. Never in production. Idempotent: existing accounts
 * and choices are left alone.
 */
export async function seedDemo(services: Services, config: Config): Promise<void> {
  if (config.env === 'production') {
    throw new DemoRefusedError('Les données de démonstration sont refusées en production (NODE_ENV=production).');
  }
  await seedTenants(services.db);
  services.tenants.invalidate();
  for (const demo of DEMO_COMMUNES) {
    const tenant = await services.tenants.bySlug(demo.slug);
    if (!tenant) throw new Error(`commune de démonstration absente : ${demo.slug}`);
    if ((tenant.offers.subscriptions.toodego ?? 'none') !== 'none') continue;
    await updateSubscriptions(services, {
      tenant,
      actor: SYSTEM_ACTOR,
      subscriptions: {
        toodego: demo.toodego,
        laclasse: demo.laclasse ? 'subscribed' : 'none',
        opendata: demo.opendata ? 'subscribed' : 'none',
        geonet: demo.geonet ? 'subscribed' : 'none',
      },
      contactEmail: `mairie@${demo.slug}.example.org`,
      hostNames: [],
    });
    if (demo.primary) {
      for (const slug of [demo.slug, `${demo.slug}-test`]) {
        const instance = await findTenantBySlug(services.db, slug);
        if (instance) await updateTenantTheme(services.db, instance.id, { ...instance.theme, primary: demo.primary });
      }
    }
  }
  services.tenants.invalidate();
  const passwordHash = await hashPassword(config.demoPassword);
  for (const account of demoAccounts()) {
    const existing = await findAccountByEmail(services.db, account.email);
    const user =
      existing ??
      (await insertAccount(services.db, {
        email: account.email,
        displayName: account.displayName,
        passwordHash,
        at: services.clock.now(),
      }));
    for (const grant of account.grants) {
      const tenant = await services.tenants.bySlug(grant.tenantSlug);
      if (tenant) await grantRole(services.db, { userId: user.id, tenantId: tenant.id, role: grant.role });
    }
  }
  for (const module of services.modules) await module.seedDemo?.(services);
}
