import type { AppModule } from '../../platform/app-module/app-module.ts';
import { digestJob, newRequestJob, notifyAgentsOfNewRequests } from './agent-notifications.ts';
import { registerBackofficeRoutes } from './backoffice.routes.ts';
import type { BackofficeTables } from './backoffice.tables.ts';
import { seedBackofficeDemo } from './demo/seed-backoffice-demo.ts';
import { exportJob } from './export.job.ts';
import * as m0400 from './migrations/0400_backoffice.ts';

/** The agents' back-office (GRU) under /gru and its JSON API. */
export const backofficeModule: AppModule<BackofficeTables> = {
  name: 'backoffice',
  migrations: { '0400_backoffice': m0400 },
  routes: registerBackofficeRoutes,
  jobs: [newRequestJob, exportJob, digestJob],
  subscribers: [notifyAgentsOfNewRequests],
  seedDemo: seedBackofficeDemo,
  crossTenantCases: async () => (await import('./backoffice.cross-tenant.ts')).backofficeCases,
};

// What the other modules use of backoffice.
export { newRequestNotifications } from './agent-notifications.ts';
export { type Bar, BarChart } from './views/bar-chart.tsx';
export { TableRegion } from './views/table-region.tsx';
