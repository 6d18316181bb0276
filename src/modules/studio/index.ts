import type { AppModule } from '../../platform/app-module/app-module.ts';
import * as m0500 from './migrations/0500_studio.ts';
import { registerStudioDesignRoutes } from './studio-design.routes.tsx';
import { registerStudioRoutes } from './studio.routes.tsx';
import type { StudioTables } from './studio.tables.ts';

/**
 * The studio: administrators build their e-services — catalogue entry, form, workflow — as draft versions, compare
 * them, publish them through the owners (forms, workflows, catalogue), try them in a test instance and put them into
 * production, export and import them as a JSON bundle.
 */
export const studioModule: AppModule<StudioTables> = {
  name: 'studio',
  migrations: { '0500_studio': m0500 },
  routes: (app) => {
    registerStudioRoutes(app);
    registerStudioDesignRoutes(app);
  },
  seedDemo: async (services) => (await import('./demo.ts')).seedStudioDemo(services),
  crossTenantCases: async () => (await import('./studio.cross-tenant.ts')).studioCases,
};
