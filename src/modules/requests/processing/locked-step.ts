import type { Transaction } from 'kysely';
import { findAccountById } from '../../../platform/auth/accounts.repo.ts';
import type { DB } from '../../../platform/db/schema.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import {
  loadWorkflow,
  statusOf,
  type WorkflowDefinition,
  type WorkflowRole,
  type WorkflowStatus,
} from '../../workflows/index.ts';
import { findRequest } from '../requests.repo.ts';
import { lockRequest } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';
import type { ProcessingActor } from './run-actions.ts';

export type StepRefusal =
  | { ok: false; reason: 'not-found' }
  /** The request changed since the agent saw it (another agent, a timer, the citizen): nothing was applied. */
  | { ok: false; reason: 'conflict'; currentVersion: number }
  /** Another agent holds the request. */
  | { ok: false; reason: 'held'; heldBy: string }
  /** Not possible from the current status, or not for this role. */
  | { ok: false; reason: 'refused'; message: string }
  | { ok: false; reason: 'invalid'; errors: FieldErrors };

export type StepTarget = {
  holder: ResolvedTenant;
  requestId: string;
  expectedVersion: number | null;
  actor: ProcessingActor;
};

export const mayPress = (roles: readonly WorkflowRole[], actor: ProcessingActor) =>
  actor.kind !== 'agent' || actor.roles.some((r) => roles.includes(r));

/** A request as the step will see it, read before locking: what its current status offers decides the input to check. */
export async function readForStep(
  services: Services,
  target: StepTarget,
): Promise<{ request: RequestRow; workflow: WorkflowDefinition; status: WorkflowStatus } | undefined> {
  const request = await withTenant(services.db, target.holder.id, (trx) => findRequest(trx, target.requestId));
  if (!request) return undefined;
  const workflow = await loadWorkflow(services.db, request.workflow_version_id);
  const status = statusOf(workflow, request.status);
  return status ? { request, workflow, status } : undefined;
}

/**
 * Runs a processing step under the request's row lock: the one way two agents (or an agent and a timer) cannot both
 * apply a step. The version the agent saw must still be the request's, and an agent may only act on a request
 * nobody else holds. Partners' software (API clients) act for the tenant, whoever holds the request.
 */
export async function lockedStep<T>(
  services: Services,
  target: StepTarget,
  work: (trx: Transaction<DB>, request: RequestRow) => Promise<T | StepRefusal>,
): Promise<T | StepRefusal> {
  return withTenant(services.db, target.holder.id, async (trx) => {
    const request = await lockRequest(trx, target.requestId);
    if (!request) return { ok: false as const, reason: 'not-found' as const };
    if (target.expectedVersion !== null && request.version !== target.expectedVersion)
      return { ok: false as const, reason: 'conflict' as const, currentVersion: request.version };
    if (target.actor.kind === 'agent' && request.assigned_user_id && request.assigned_user_id !== target.actor.userId) {
      const holder = await findAccountById(trx, request.assigned_user_id);
      return { ok: false as const, reason: 'held' as const, heldBy: holder?.display_name ?? 'un autre agent' };
    }
    return work(trx, request);
  });
}
