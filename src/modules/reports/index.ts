import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedReportsDemo } from './demo/seed-reports-demo.ts';
import * as m0580 from './migrations/0580_reports.ts';
import { exportFollows } from './export-follows.ts';
import { registerFollowRoutes } from './follow.routes.tsx';
import { registerModerationRoutes } from './moderation.routes.tsx';
import { publishSubmittedReports } from './on-requests-submitted.ts';
import { tellReportFollowers } from './on-status-changed.ts';
import { registerPublicReportRoutes } from './reports.routes.tsx';
import type { ReportsTables } from './reports.tables.ts';
import { nearbyReportsSection } from './review-section.tsx';

/**
 * Public-space reports (issue 15 §6, §7): the public list and map of reports with personal data left out, the open
 * reports nearby suggested before sending a new one, following a report, and their moderation (T12).
 */
export const reportsModule: AppModule<ReportsTables> = {
  name: 'reports',
  migrations: { '0580_reports': m0580 },
  routes: (app) => {
    registerPublicReportRoutes(app);
    registerFollowRoutes(app);
    registerModerationRoutes(app);
  },
  subscribers: [publishSubmittedReports, tellReportFollowers],
  draftReviewSection: nearbyReportsSection,
  seedDemo: seedReportsDemo,
  personalData: exportFollows,
  crossTenantCases: async () => (await import('./reports.cross-tenant.ts')).reportsCases,
};
