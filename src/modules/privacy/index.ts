import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedPrivacyDemo } from './demo.ts';
import * as m0610 from './migrations/0610_privacy.ts';
import type { PrivacyTables } from './privacy.tables.ts';
import { registerRegisterRoutes } from './register.routes.tsx';
import { retentionJob } from './retention.job.ts';
import { registerRetentionRoutes } from './retention.routes.tsx';
import { registerRightsRoutes } from './rights.routes.tsx';

/**
 * Privacy operations (issue 17, P1, P2, P6): data subjects' rights requests to each instance's data protection
 * officer with their deadline, the consent archive's exports, retention rules applied by a daily job, the register
 * of processing and the privacy notice of each instance.
 */
export const privacyModule: AppModule<PrivacyTables> = {
  name: 'privacy',
  migrations: { '0610_privacy': m0610 },
  routes: (app) => {
    registerRightsRoutes(app);
    registerRetentionRoutes(app);
    registerRegisterRoutes(app);
  },
  jobs: [retentionJob],
  seedDemo: seedPrivacyDemo,
  crossTenantCases: async () => (await import('./privacy.cross-tenant.ts')).privacyCases,
};
