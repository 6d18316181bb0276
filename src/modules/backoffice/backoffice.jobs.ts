import type { JobQueue } from '../../platform/jobs/queue.ts';
import { digestJob, newRequestJob } from './agent-notifications.ts';
import { exportJob } from './export.job.ts';

/** The back-office's background jobs: new-request e-mails and daily digests for agents, large exports. */
export function registerBackofficeJobs(jobs: JobQueue): void {
  jobs.register(newRequestJob).register(exportJob).registerRecurring(digestJob);
}
