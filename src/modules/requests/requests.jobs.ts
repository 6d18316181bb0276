import type { JobQueue } from '../../platform/jobs/queue.ts';
import { sendSmsJob } from './notifications/channels.ts';
import { submissionsFollowUpJob } from './submissions-follow-up.job.ts';

/** The counter's background jobs (its e-mails go through the platform's mail job). */
export function registerCounterJobs(jobs: JobQueue): void {
  jobs.register(sendSmsJob).register(submissionsFollowUpJob);
}
