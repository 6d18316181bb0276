import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedPetaleDemo } from './demo.ts';
import * as m0621 from './migrations/0621_petale.ts';
import { exportPetaleData } from './petale-data.ts';
import { petaleFiles } from './petale-files.ts';
import { petaleRetentionJob } from './petale-documents.ts';
import type { PetaleTables } from './petale.tables.ts';
import { registerPetaleRoutes } from './petale.routes.tsx';

/**
 * The pétale space (G9): one commune's personal document space (Lyon unless the operators choose another), isolated
 * in that commune's tenant, with its own consent and keeping time.
 */
export const petaleModule: AppModule<PetaleTables> = {
  name: 'petale',
  migrations: { '0621_petale': m0621 },
  routes: registerPetaleRoutes,
  jobs: [petaleRetentionJob],
  seedDemo: seedPetaleDemo,
  personalData: exportPetaleData,
  personalFiles: petaleFiles,
  crossTenantCases: async () => (await import('./petale.cross-tenant.ts')).petaleCases,
};

// What the modules above use of the pétale: which commune has it (the site map links it there only).
export { petaleSetting } from './petale-setting.ts';
