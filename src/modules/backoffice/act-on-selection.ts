import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { loadWorkflow, statusOf, transitionOf } from '../workflows/index.ts';
import {
  assignRequest,
  type AssignRequestResult,
  type AssignTarget,
  performTransition,
  type ProcessingActor,
  type StepRefusal,
} from '../requests/index.ts';
import { findHeldRequest } from './find-held-request.ts';
import { mayReceiveRequestsOf } from './team-visibility.ts';

export type SelectionAction = AssignTarget | { kind: 'transition'; to: string };

export type ActOnSelectionOptions = {
  holder: ResolvedTenant;
  actor: ProcessingActor;
  /** The requests ticked, each with the version the agent saw. */
  selection: Array<{ id: string; version: number }>;
  action: SelectionAction;
};

export type SelectionOutcome = { id: string; number: string | null; ok: boolean; message: string };

export const MAX_SELECTION = 200;

function refusalText(result: StepRefusal | AssignRequestResult | { ok: true }): string {
  if (result.ok) return 'fait';
  switch (result.reason) {
    case 'conflict':
      return 'modifiée entre-temps, rien n’a été fait';
    case 'held':
      return `traitée par ${result.heldBy}, rien n’a été fait`;
    case 'refused':
      return result.message;
    case 'invalid':
      return 'cette action demande une saisie : faites-la depuis la page de la demande';
    case 'unknown-agent':
      return 'agent inconnu';
    default:
      return 'introuvable';
  }
}

/**
 * A bulk action on ticked requests: assign them, release them, or move them along a transition the
 * workflow allows on a selection. Each request is done in its own transaction with its own version check, so one
 * that changed meanwhile is reported, never overwritten, and does not stop the others.
 */
export async function actOnSelection(services: Services, options: ActOnSelectionOptions): Promise<SelectionOutcome[]> {
  const outcomes: SelectionOutcome[] = [];
  const { holder, actor, action } = options;
  for (const item of options.selection.slice(0, MAX_SELECTION)) {
    const row = await findHeldRequest(services, holder, item.id, actor);
    if (!row) {
      outcomes.push({ id: item.id, number: null, ok: false, message: 'introuvable' });
      continue;
    }
    let result: StepRefusal | AssignRequestResult | { ok: true };
    if (action.kind === 'transition') {
      const workflow = await loadWorkflow(services.db, row.workflow_version_id);
      const transition = transitionOf(workflow, row.status, action.to);
      if (!transition?.bulk) {
        outcomes.push({
          id: row.id,
          number: row.number,
          ok: false,
          message: `impossible en lot au statut « ${statusOf(workflow, row.status)?.label ?? row.status} »`,
        });
        continue;
      }
      result = await performTransition(services, {
        holder,
        requestId: row.id,
        expectedVersion: item.version,
        actor,
        to: action.to,
        raw: {},
      });
    } else if (
      action.kind === 'agent' &&
      !(await mayReceiveRequestsOf(services, holder, row.eservice_id, action.userId))
    ) {
      result = { ok: false, reason: 'unknown-agent' };
    } else {
      result = await assignRequest(services, {
        holder,
        requestId: row.id,
        expectedVersion: item.version,
        actor,
        to: action,
      });
    }
    outcomes.push({ id: row.id, number: row.number, ok: result.ok, message: refusalText(result) });
  }
  return outcomes;
}
