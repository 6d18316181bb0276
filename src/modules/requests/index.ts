import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerRequestsRoutes } from './requests.routes.ts';
import { seedRequestsDemo } from './demo/seed-requests-demo.ts';
import { exportCitizenData } from './export-citizen-data.ts';
import * as m0200 from './migrations/0200_counter.ts';
import * as m0401 from './migrations/0401_request_search.ts';
import * as m0402 from './migrations/0402_store_requests.ts';
import * as m0404 from './migrations/0404_request_row_checks.ts';
import * as m0413 from './migrations/0413_request_reading_and_rerouting.ts';
import * as m0612 from './migrations/0612_request_retention.ts';
import { sendSmsJob } from './delivery/channels.ts';
import { agentMailJob } from './processing/agent-mail.job.ts';
import { timedJumpsJob } from './processing/fire-due-timers.ts';
import { deadlineWarningsJob } from './processing/warn-of-deadlines.ts';
import { webhookJob } from './processing/webhook.job.ts';
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
    '0413_request_reading_and_rerouting': m0413,
    '0612_request_retention': m0612,
  },
  routes: registerRequestsRoutes,
  jobs: [sendSmsJob, submissionsFollowUpJob, agentMailJob, webhookJob, timedJumpsJob, deadlineWarningsJob],
  state: [submissionQueueState],
  seedDemo: seedRequestsDemo,
  personalData: exportCitizenData,
  crossTenantCases: async () => (await import('./requests.cross-tenant.ts')).requestsCases,
};

// What the other modules use of requests.
export { type Acknowledgement } from './acknowledgement.ts';
export { consumerIdOf as prefillConsumerId } from './citizen-identity.ts';
export {
  anonymiseRequests,
  findRequestsPastRetention,
  purgeRequestFiles,
  type RetentionCandidate,
} from './request-retention.ts';
export { demoLogoPng } from './demo/demo-logo.ts';
export { listOpenDraftsForService, listOpenDraftsOfCitizen } from './drafts.repo.ts';
export {
  COUNT_CAP,
  countInbox,
  type InboxExportRow,
  type InboxFilters,
  type InboxRow,
  type InboxSort,
  listInbox,
  listInboxForExport,
  listSubmittedBetween,
  markRequestRead,
} from './listing/inbox.repo.ts';
export { medianProcessingPerMonth, openBacklog, requestsPerServiceAndMonth } from './listing/statistics.repo.ts';
export { gruPath, gruRequestPath } from './paths.ts';
export { postAdministrationMessage, postAdministrationMessageWithin } from './post-administration-message.ts';
export { postCitizenMessage } from './post-citizen-message.ts';
export { addInternalNote } from './processing/add-internal-note.ts';
export { listAgentsOfService, listProcessingAgents, type ProcessingAgent } from './processing/agent-mail.job.ts';
export { assignRequest, type AssignRequestResult, type AssignTarget } from './processing/assign-request.ts';
export { type StepRefusal } from './processing/locked-step.ts';
export { performTransition } from './processing/perform-transition.ts';
export { changeRequestStatus } from './processing/change-request-status.ts';
export {
  countRequestsByWorkflowVersion,
  listOpenTimers,
  listRequestEvents,
  webhookSecret,
} from './processing/processing.repo.ts';
export { type ProcessingActor } from './processing/run-actions.ts';
export { rerouteRequest, type RerouteResult } from './processing/reroute-request.ts';
export { runButton } from './processing/run-button.ts';
export { warnOfDeadlines } from './processing/warn-of-deadlines.ts';
export { type RerouteTarget, rerouteTargets } from './routing/reroute-targets.ts';
export {
  type AttachmentView,
  countTenantRequests,
  findRequest,
  listAttachments,
  listMessages,
  listPendingRequests,
  listRequestsOfCitizen,
  listStatusChanges,
  listTenantRequestsAfter,
  findRequestLink,
  listRequestFacts,
  type RequestFacts,
} from './requests.repo.ts';
export { type RequestEventKind, type RequestEventRow, type RequestRow } from './requests.tables.ts';
export { type RoutingDecision } from './routing/route-request.ts';
export { checkAccess } from './start-draft.ts';
export { submitRequest, submitValidRequest } from './submit-request.ts';
export { requestPath } from './submission.ts';
export { visitorHash } from './visitor.ts';
export { EServicePage } from './views/eservice-page.tsx';
export {
  agentsNotified,
  citizenNotified,
  requestRelayed,
  requestStatusChanged,
  requestsSubmitted,
} from './request-events.ts';
export { signWebhook, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER } from './processing/webhook.job.ts';
export { planSms } from './delivery/channels.ts';
export { listSmsOutbox } from './delivery/sms-outbox.ts';
export { BoundaryImportError, importCommuneBoundaries } from './routing/commune-boundaries.ts';
export {
  boundariesExtent,
  boundariesVersion,
  type BoundaryRow,
  findBoundary,
  listBoundaries,
} from './routing/geography.repo.ts';
