import type { AppModule } from '../../platform/app-module/app-module.ts';
import * as m0560 from './migrations/0560_agents.ts';
import { registerTenantRoutes } from './tenants.routes.tsx';
import type { TenantsTables } from './tenants.tables.ts';

/** The directory of communes and each commune's administration: offers, contacts, host names, charter, agents. */
export const tenantsModule: AppModule<TenantsTables> = {
  name: 'tenants',
  migrations: { '0560_agents': m0560 },
  routes: registerTenantRoutes,
  seedDemo: async (services) => (await import('./demo/seed-tenants-demo.ts')).seedTenantsDemo(services),
  crossTenantCases: async () => (await import('./tenants.cross-tenant.ts')).tenantsCases,
};

// What the other modules use of the tenants' administration.
export { type AgentManager, requireAgentManager } from './agent-access.ts';
export { updateSubscriptions } from './update-subscriptions.ts';
