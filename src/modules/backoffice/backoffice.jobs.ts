import type { JobQueue } from '../../platform/jobs/queue.ts';
import { digestJob, newRequestJob } from './agent-notifications.ts';

/** The back-office's background jobs: new-request e-mails and daily digests for agents. */
export function registerBackofficeJobs(jobs: JobQueue): void {
  jobs.register(newRequestJob).registerRecurring(digestJob);
}
