import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerTenantRoutes } from './tenants.routes.tsx';

/** The directory of communes and each commune's administration: offers, contacts, host names, charter. */
export const tenantsModule: AppModule = {
  name: 'tenants',
  routes: registerTenantRoutes,
  crossTenantCases: async () => (await import('./tenants.cross-tenant.ts')).tenantsCases,
};

// What the other modules use of the tenants' administration.
export { updateSubscriptions } from './update-subscriptions.ts';
