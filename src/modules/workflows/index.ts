import type { AppModule } from '../../platform/app-module/app-module.ts';
import type { WorkflowsTables } from './workflows.tables.ts';

/**
 * Workflow definitions as versioned data: statuses, transitions, who may press them, actions, timed jumps; their
 * validator; the platform's circuits. The requests module moves each request through the version it is pinned to.
 */
export const workflowsModule: AppModule<WorkflowsTables> = {
  name: 'workflows',
};

// What the other modules use of workflows.
export { DEFAULT_WORKFLOW, DEFAULT_WORKFLOW_KEY, DEFAULT_WORKFLOW_VERSION } from './default-workflow.ts';
export { publishWorkflow } from './publish-workflow.ts';
export { SIMPLE_WORKFLOW } from './simple-workflow.ts';
export {
  type MessageTemplate,
  OUTCOMES,
  type Outcome,
  ROLES,
  statusOf,
  transitionOf,
  type WorkflowAction,
  type WorkflowDefinition,
  type WorkflowRole,
  type WorkflowStatus,
  type WorkflowTimer,
  type WorkflowTransition,
  ZWorkflowAction,
  ZWorkflowDefinition,
  ZWorkflowShape,
} from './workflow-definition.ts';
export {
  fileInputOf,
  RELAYED_STATUS,
  TEMPLATE_PLACEHOLDERS,
  textInputOf,
  timerMinutes,
  type WorkflowProblem,
  workflowProblems,
} from './workflow-validator.ts';
export {
  ensurePlatformWorkflow,
  findWorkflowVersion,
  insertTenantWorkflowVersion,
  listWorkflowVersionIds,
  listWorkflowVersions,
  loadWorkflow,
  nextWorkflowVersion,
} from './workflows.repo.ts';
