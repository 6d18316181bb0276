import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedHomeDemo, seedHomeNewsDemo } from './demo.ts';
import { registerHomeRoutes } from './home.routes.tsx';
import type { HomeTables } from './home.tables.ts';
import { usageState } from './list-popular-eservices.ts';
import * as m0630 from './migrations/0630_home_contact.ts';
import * as m0631 from './migrations/0631_home_news.ts';

/**
 * The home pages of the metropolis and of each commune (search, most used services, themes, the citizen's pending
 * actions, news, a commune's contact details and its own news), the accessibility statement, the site map.
 */
export const homeModule: AppModule<HomeTables> = {
  name: 'home',
  migrations: { '0630_home_contact': m0630, '0631_home_news': m0631 },
  routes: registerHomeRoutes,
  state: [usageState],
  seedDemo: async (services) => {
    await seedHomeDemo(services);
    await seedHomeNewsDemo(services);
  },
  crossTenantCases: async () => (await import('./home.cross-tenant.ts')).homeCases,
};
