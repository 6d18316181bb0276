import { randomUUID } from 'node:crypto';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { moduleState } from '../../platform/app-module/module-state.ts';
import type { Services } from '../../platform/services.ts';
import { parseSettings } from '../catalogue/index.ts';
import { routeRequest } from './routing/route-request.ts';
import { storeSubmissions } from './store-submissions.ts';
import { parisYear } from '../../platform/paris-time.ts';
import {
  newTrackingCode,
  type PreparedSubmission,
  type SubmitRequestOptions,
  type SubmitResult,
} from './submission.ts';
import { loadWorkflow, SIMPLE_WORKFLOW } from '../workflows/index.ts';

/**
 * Submits a request: routes it here, then hands it to the group commit, which numbers and stores it
 * together with the requests submitted at the same moment, enqueuing in the same transaction the job that sends its
 * acknowledgement e-mail and, for a commune that does not process its requests here, the relay e-mail. A repeated
 * submission with the same idempotency key returns the first request.
 */
export async function submitRequest(services: Services, options: SubmitRequestOptions): Promise<SubmitResult> {
  const settings = parseSettings(options.eservice);
  const routing = await routeRequest({
    db: services.db,
    tenants: services.tenants,
    owner: options.provider,
    settings,
    answers: options.answers,
  });
  const holder = await services.tenants.byId(routing.holderTenantId);
  if (!holder) throw new Error('routing chose an unknown tenant');
  const workflow = options.eservice.workflow_version_id
    ? await loadWorkflow(services.db, options.eservice.workflow_version_id)
    : SIMPLE_WORKFLOW;
  const receivedAt = services.clock.now();
  return submissionsOf(services).submit({
    ...options,
    legal: settings.legal,
    routing,
    holder,
    workflow,
    receivedAt,
    year: parisYear(receivedAt),
    id: randomUUID(),
    trackingCode: newTrackingCode(),
    // A repeated key is caught by the unique index when inserting (no look-up first: one query less per submission).
    scope: options.citizen ? `user:${options.citizen.userId}` : 'anonymous',
  });
}

/**
 * One group commit per application. The embedded database has one connection: two batches at once would only queue
 * behind each other.
 */
export const submissionQueueState = moduleState(
  'requests.submissions',
  (services) =>
    new GroupCommit<PreparedSubmission, SubmitResult>((items) => storeSubmissions(services, items), {
      maxBatch: 64,
      maxInFlight: services.database.kind === 'pglite' ? 1 : 4,
    }),
);

function submissionsOf(services: Services): GroupCommit<PreparedSubmission, SubmitResult> {
  return services.states.get(submissionQueueState);
}
