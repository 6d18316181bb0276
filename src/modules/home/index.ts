import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerHomeRoutes } from './home.routes.tsx';

/** The home pages of the metropolis and of each commune, the accessibility statement, the site map. */
export const homeModule: AppModule = {
  name: 'home',
  routes: registerHomeRoutes,
  crossTenantCases: async () => (await import('./home.cross-tenant.ts')).homeCases,
};
