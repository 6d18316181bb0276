import { sendMailJob } from './platform/mail/send-mail.job.ts';
import { platformCleanupJob } from './platform/platform.jobs.ts';
import type { JobQueue } from './platform/jobs/queue.ts';
import { identityHousekeepingJob, inactivityReviewJob } from './modules/identity/identity.jobs.ts';

/** Every kind of background job, in one list (the worker runs what is registered here). */
export function registerAllJobs(jobs: JobQueue): void {
  jobs.register(sendMailJob).registerRecurring(platformCleanupJob);
  jobs.registerRecurring(inactivityReviewJob).registerRecurring(identityHousekeepingJob);
}
