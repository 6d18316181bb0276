import type { AppModule } from '../../platform/app-module/app-module.ts';
import { buildArchiveJob } from './build-archive.job.ts';
import * as m0562 from './migrations/0562_offboarding.ts';
import type { OffboardingTables } from './offboarding.tables.ts';
import { registerOffboardingRoutes } from './offboarding.routes.tsx';

/**
 * A commune's exit and change of offer, carried out: the archive of its data (requests, files, service
 * definitions), the pending requests that block decommissioning, the decommissioning itself and the transfer of
 * turnkey services to a commune becoming Partenaire; each act marks its task of the agreement's checklist done.
 */
export const offboardingModule: AppModule<OffboardingTables> = {
  name: 'offboarding',
  migrations: { '0562_offboarding': m0562 },
  routes: registerOffboardingRoutes,
  jobs: [buildArchiveJob],
  seedDemo: async (services) => (await import('./demo/seed-offboarding-demo.ts')).seedOffboardingDemo(services),
  crossTenantCases: async () => (await import('./offboarding.cross-tenant.ts')).offboardingCases,
};
