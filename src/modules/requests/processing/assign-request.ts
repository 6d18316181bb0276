import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { listProcessingAgents } from './agent-mail.job.ts';
import type { ProcessingActor } from './run-actions.ts';
import { insertRequestEvent, lockRequest, updateProcessing } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';

export type AssignTarget = { kind: 'me' } | { kind: 'nobody' } | { kind: 'agent'; userId: string };

export type AssignRequestOptions = {
  holder: ResolvedTenant;
  requestId: string;
  /** The version the agent saw; null when a bulk action or a partner acts on the latest. */
  expectedVersion: number | null;
  actor: ProcessingActor;
  to: AssignTarget;
  /** Taking a request another agent holds must be asked for explicitly. */
  takeOver?: boolean;
};

export type AssignRequestResult =
  | { ok: true; request: RequestRow }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; currentVersion: number }
  | { ok: false; reason: 'held'; heldBy: string }
  | { ok: false; reason: 'unknown-agent' };

/**
 * Takes a request, hands it to a colleague, or releases it. The row lock and the version make two
 * agents taking it at once end with one holder and one clean refusal; the holder is shown to everyone else.
 */
export async function assignRequest(services: Services, options: AssignRequestOptions): Promise<AssignRequestResult> {
  const { holder, actor, to } = options;
  const userId = to.kind === 'me' ? actor.userId : to.kind === 'agent' ? to.userId : null;
  let label = 'personne';
  if (userId) {
    const agent = (await listProcessingAgents(services, holder)).find((a) => a.userId === userId);
    if (!agent) return { ok: false, reason: 'unknown-agent' };
    label = agent.displayName;
  }
  const at = services.clock.now();
  return withTenant(services.db, holder.id, async (trx) => {
    const request = await lockRequest(trx, options.requestId);
    if (!request) return { ok: false as const, reason: 'not-found' as const };
    if (options.expectedVersion !== null && request.version !== options.expectedVersion)
      return { ok: false as const, reason: 'conflict' as const, currentVersion: request.version };
    const current = request.assigned_user_id;
    if (current === userId && !request.assigned_role) return { ok: true as const, request };
    const heldByOther = current && current !== actor.userId;
    const isAdmin = actor.kind !== 'agent' || actor.roles.includes('admin');
    if (heldByOther && !options.takeOver && !isAdmin) {
      const holderAccount = await findAccountById(trx, current);
      return { ok: false as const, reason: 'held' as const, heldBy: holderAccount?.display_name ?? 'un autre agent' };
    }
    const updated = await updateProcessing(trx, request, { assignment: { userId, role: null } }, at);
    const previous = current ? ((await findAccountById(trx, current))?.display_name ?? 'un agent') : null;
    const summary =
      to.kind === 'nobody'
        ? `Demande libérée${previous ? ` (elle était attribuée à ${previous})` : ''}`
        : to.kind === 'me'
          ? `Prise en charge par ${label}${heldByOther && previous ? ` (reprise à ${previous})` : ''}`
          : `Attribuée à ${label} par ${actor.label}${previous ? ` (au lieu de ${previous})` : ''}`;
    await insertRequestEvent(trx, {
      tenantId: holder.id,
      requestId: request.id,
      at,
      kind: 'assignment',
      actorUserId: actor.userId,
      actorLabel: actor.label,
      summary,
      details: { from: current, to: userId },
    });
    await recordAudit(trx, {
      actor,
      tenantId: holder.id,
      action: 'request.assign',
      target: { type: 'request', id: request.id },
      details: { number: request.number, from: current, to: userId },
      at,
    });
    return { ok: true as const, request: updated };
  });
}
