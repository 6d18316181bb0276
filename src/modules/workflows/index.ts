import type { AppModule } from '../../platform/app-module/app-module.ts';
import { agentMailJob } from './engine/agent-mail.job.ts';
import { webhookJob } from './engine/webhook.job.ts';
import { timedJumpsJob } from './fire-due-timers.ts';
import type { WorkflowsTables } from './workflows.tables.ts';

/** Workflow definitions as versioned data, and the engine that moves requests through them. */
export const workflowsModule: AppModule<WorkflowsTables> = {
  name: 'workflows',
  jobs: [agentMailJob, webhookJob, timedJumpsJob],
};
