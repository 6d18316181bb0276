import type { JobQueue } from '../../platform/jobs/queue.ts';
import { agentMailJob } from './engine/agent-mail.job.ts';
import { webhookJob } from './engine/webhook.job.ts';
import { timedJumpsJob } from './fire-due-timers.ts';

/** The workflow engine's background jobs: agents' e-mails, webhook calls, timed jumps. */
export function registerWorkflowJobs(jobs: JobQueue): void {
  jobs.register(agentMailJob).register(webhookJob).registerRecurring(timedJumpsJob);
}
