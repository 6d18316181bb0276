import type { AppModule } from '../../platform/app-module/app-module.ts';
import { probeJob } from './availability.ts';
import { seedSupportDemo } from './demo.ts';
import { registerHelpRoutes } from './help.routes.tsx';
import * as m0520 from './migrations/0520_support.ts';
import { bannerState, maintenanceBanner } from './notices.ts';
import { registerReportRoutes } from './reports.routes.tsx';
import { slaWatchJob } from './sla-watch.job.ts';
import type { SupportTables } from './support.tables.ts';
import { registerTicketRoutes } from './tickets.routes.tsx';

/**
 * Assistance and support: help from every page (a request of the administration's help service), the FAQ, the
 * communes' support tickets with their working-hour deadlines and compliance report, availability and notices.
 */
export const supportModule: AppModule<SupportTables> = {
  name: 'support',
  migrations: { '0520_support': m0520 },
  routes: (app) => {
    registerHelpRoutes(app);
    registerTicketRoutes(app);
    registerReportRoutes(app);
  },
  jobs: [slaWatchJob, probeJob],
  state: [bannerState],
  pageNotices: maintenanceBanner,
  seedDemo: seedSupportDemo,
  crossTenantCases: async () => (await import('./support.cross-tenant.ts')).supportCases,
};

// What the modules above use of support: the notices, as the home pages' news.
export { listNotices } from './availability.repo.ts';
export { NOTICE_KIND_LABELS } from './notices.ts';
