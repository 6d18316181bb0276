import type { AppModule } from '../../platform/app-module/app-module.ts';
import { incidentReminderJob } from './incident-reminder.job.ts';
import type { IncidentsTables } from './incidents.tables.ts';
import { registerIncidentsRoutes } from './incidents.routes.tsx';
import * as m0620 from './migrations/0620_incidents.ts';
import { seedIncidentsDemo } from './demo.ts';

/**
 * Breach and attack reports (P4): a commune or the metropolis reports; the 8-hour alert of an attack on the identity
 * integration and the CNIL's 72 hours are tracked with reminders; a workflow with its evidence and audit.
 */
export const incidentsModule: AppModule<IncidentsTables> = {
  name: 'incidents',
  migrations: { '0620_incidents': m0620 },
  routes: registerIncidentsRoutes,
  jobs: [incidentReminderJob],
  seedDemo: seedIncidentsDemo,
  crossTenantCases: async () => (await import('./incidents.cross-tenant.ts')).incidentsCases,
};
