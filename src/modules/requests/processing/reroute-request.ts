import { randomUUID } from 'node:crypto';
import { findAccountById } from '../../../platform/auth/accounts.repo.ts';
import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import { enterTenantScope, withTenant } from '../../../platform/db/tenant-scope.ts';
import { parisYear } from '../../../platform/paris-time.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { findEServiceById, parseSettings } from '../../catalogue/index.ts';
import { type Answers, checkPlainText, loadFormVersion } from '../../forms/index.ts';
import { loadWorkflow, RELAYED_STATUS, statusOf } from '../../workflows/index.ts';
import { findRequest, markRerouted } from '../requests.repo.ts';
import type { SubmittedRequestRow } from '../requests.tables.ts';
import { rerouteDecision } from '../routing/reroute-targets.ts';
import type { RoutingDecision } from '../routing/route-request.ts';
import { numberResubmission, storeResubmission } from '../store-submissions.ts';
import { newTrackingCode } from '../submission.ts';
import { moveRequest } from './move-request.ts';
import { lockRequest } from './processing.repo.ts';
import type { ProcessingActor } from './run-actions.ts';
import { NO_INPUT } from './step-input.ts';

export type RerouteResult =
  | { ok: true; request: SubmittedRequestRow; holder: ResolvedTenant }
  | { ok: false; reason: 'invalid'; errors: FieldErrors }
  | { ok: false; reason: 'conflict' | 'not-found' }
  | { ok: false; reason: 'refused'; message: string };

/**
 * An agent sends a request that is not their administration's on to the competent one (L114-2: forward, and tell
 * the citizen). History is append-only and belongs to its tenant, so the request does not move: the competent
 * administration gets a new request with the same answers and files, numbered in its sequence, with a new
 * acknowledgement (R112-11-1; the delay of an implicit decision runs from its receipt there, L114-3) e-mailed to the
 * citizen, and its agents are told as of any new request. A commune that does not process its requests here gets it
 * by e-mail, as at submission. The first request moves to "transmise", points at the new one and leaves its
 * administration's listings; the audit log of both administrations keeps both routings. One transaction: both
 * requests, or neither.
 */
export async function rerouteRequest(
  services: Services,
  options: {
    holder: ResolvedTenant;
    requestId: string;
    expectedVersion: number;
    actor: ProcessingActor;
    choice: string;
    reason: string;
  },
): Promise<RerouteResult> {
  const { holder, actor } = options;
  const reason = options.reason.trim();
  const errors: FieldErrors = {};
  if (!options.choice) errors.vers = 'Choisissez l’administration compétente.';
  const reasonProblem = reason
    ? checkPlainText(reason, { maxLength: 1000, multiline: true })
    : 'Expliquez à l’usager pourquoi sa demande relève d’une autre administration.';
  if (reasonProblem) errors.motif = reasonProblem;

  const old = await withTenant(services.db, holder.id, (trx) => findRequest(trx, options.requestId));
  if (!old) return { ok: false, reason: 'not-found' };
  if (old.closed_at || old.rerouted_to)
    return { ok: false, reason: 'refused', message: 'cette demande est close : elle ne peut plus être réorientée.' };
  const eservice = await findEServiceById(services.db, old.eservice_id);
  const provider = eservice ? await services.tenants.byId(eservice.tenant_id) : undefined;
  if (!eservice || !provider) return { ok: false, reason: 'not-found' };
  const settings = parseSettings(eservice);
  const workflow = await loadWorkflow(services.db, old.workflow_version_id);
  const relayed = statusOf(workflow, RELAYED_STATUS);
  if (!relayed)
    return {
      ok: false,
      reason: 'refused',
      message: `le circuit de cette démarche n’a pas de statut « ${RELAYED_STATUS} » : son administrateur doit l’ajouter pour que ses demandes puissent être réorientées.`,
    };
  const previous = old.routing as RoutingDecision;
  const decision = options.choice
    ? await rerouteDecision(services, {
        holder,
        provider,
        settings,
        previous,
        choice: options.choice,
        explanation: `${holder.name} a transmis cette demande (reçue sous le n° ${old.number}) à l’administration compétente : ${reason}`,
      })
    : undefined;
  if (options.choice && !decision) errors.vers = 'Choisissez une administration de la liste.';
  if (!decision || Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };
  const target = await services.tenants.byId(decision.holderTenantId);
  if (!target) return { ok: false, reason: 'not-found' };

  const account = old.citizen_user_id ? await findAccountById(services.db, old.citizen_user_id) : undefined;
  const form = await loadFormVersion(services.db, old.form_version_id);
  const now = services.clock.now();
  // Numbered before the transaction, in its own statement, as submissions are: a refusal below leaves a gap.
  const numbered = await numberResubmission(services, {
    eservice,
    provider,
    form,
    answers: old.answers as Answers,
    uploads: [],
    citizen: account
      ? { userId: account.id, email: old.contact_email, displayName: account.display_name, via: 'session' }
      : null,
    contact: { email: old.contact_email, sms: old.contact_sms },
    idempotency: { key: old.id, fingerprint: 'reorientation' },
    scope: 'reorientation',
    legal: settings.legal,
    routing: decision,
    holder: target,
    workflow,
    receivedAt: now,
    year: parisYear(now),
    id: randomUUID(),
    trackingCode: newTrackingCode(),
    transmission: { number: old.number, administration: previous.competent.name, receivedAt: old.submitted_at, reason },
  });

  return services.db.transaction().execute(async (raw): Promise<RerouteResult> => {
    const locked = await lockRequest(await enterTenantScope(raw, holder.id), old.id);
    if (!locked || locked.version !== options.expectedVersion || locked.closed_at || locked.rerouted_to)
      return { ok: false, reason: 'conflict' };
    const stored = await storeResubmission(raw, services, numbered);
    if (!stored) return { ok: false, reason: 'conflict' };
    const created = stored.request;

    const trx = await enterTenantScope(raw, holder.id);
    await moveRequest(
      { trx, services, holder, workflow, actor, at: now },
      locked,
      { ...relayed, notify: false, onEnter: [], timers: [] },
      {
        input: {
          ...NO_INPUT,
          note: `Transmise à ${decision.competent.name}${decision.channel === 'email-relay' ? ' par courriel' : ''}, sous le n° ${created.number} : ${reason}`,
        },
        cause: 'réorientation',
      },
    );
    await markRerouted(trx, old.id, created.id);
    const details = {
      reason,
      from: { request: old.id, number: old.number, tenant: holder.id, routing: previous },
      to: { request: created.id, number: created.number, tenant: target.id, routing: decision },
    };
    await recordAudit(trx, {
      actor,
      tenantId: holder.id,
      action: 'request.reroute',
      target: { type: 'request', id: old.id },
      details,
      at: now,
    });
    if (target.id !== holder.id) {
      await recordAudit(await enterTenantScope(raw, target.id), {
        actor,
        tenantId: target.id,
        action: 'request.rerouted-in',
        target: { type: 'request', id: created.id },
        details,
        at: now,
      });
    }
    return { ok: true, request: created, holder: target };
  });
}
