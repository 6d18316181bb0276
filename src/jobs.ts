import { sendMailJob } from './platform/mail/send-mail.job.ts';
import { platformCleanupJob } from './platform/platform.jobs.ts';
import type { JobQueue } from './platform/jobs/queue.ts';
import { registerCounterJobs } from './modules/requests/requests.jobs.ts';
import { registerWorkflowJobs } from './modules/workflows/workflows.jobs.ts';
import { registerBackofficeJobs } from './modules/backoffice/backoffice.jobs.ts';
import { agreementsDailyJob, governanceDailyJob } from './modules/agreements/agreements.jobs.ts';
import { yearlyOrdersJob } from './modules/billing/billing.jobs.ts';
import { identityHousekeepingJob, inactivityReviewJob } from './modules/identity/identity.jobs.ts';

/** Every kind of background job, in one list (the worker runs what is registered here). */
export function registerAllJobs(jobs: JobQueue): void {
  jobs.register(sendMailJob).registerRecurring(platformCleanupJob);
  registerCounterJobs(jobs);
  registerWorkflowJobs(jobs);
  registerBackofficeJobs(jobs);
  jobs.registerRecurring(agreementsDailyJob).registerRecurring(governanceDailyJob).registerRecurring(yearlyOrdersJob);
  jobs.registerRecurring(inactivityReviewJob).registerRecurring(identityHousekeepingJob);
}
