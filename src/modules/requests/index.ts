import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerCounterRoutes } from './counter.routes.ts';
import { seedCounterDemo } from './demo/seed-counter-demo.ts';
import * as m0200 from './migrations/0200_counter.ts';
import * as m0401 from './migrations/0401_request_search.ts';
import * as m0402 from './migrations/0402_store_requests.ts';
import * as m0404 from './migrations/0404_request_row_checks.ts';
import { sendSmsJob } from './notifications/channels.ts';
import type { RequestsTables } from './requests.tables.ts';
import { submissionQueueState } from './submit-request.ts';
import { submissionsFollowUpJob } from './submissions-follow-up.job.ts';

/** The request: drafts, submission, routing, acknowledgement, timeline, messages, notifications, tracking. */
export const requestsModule: AppModule<RequestsTables> = {
  name: 'requests',
  migrations: {
    '0200_counter': m0200,
    '0401_request_search': m0401,
    '0402_store_requests': m0402,
    '0404_request_row_checks': m0404,
  },
  routes: registerCounterRoutes,
  jobs: [sendSmsJob, submissionsFollowUpJob],
  state: [submissionQueueState],
  seedDemo: seedCounterDemo,
  crossTenantCases: async () => (await import('../../../test/cross-tenant/counter.cases.ts')).counterCases,
};
