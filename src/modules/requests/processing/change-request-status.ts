import type { AuditActor } from '../../../platform/audit/audit.repo.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { performTransition } from './perform-transition.ts';

export type ChangeRequestStatusOptions = {
  /** The tenant holding the request (the competent administration). */
  holder: ResolvedTenant;
  requestId: string;
  to: string;
  actor: AuditActor;
  /** Shown to the citizen with the step when the status is visible to them. */
  note?: string | null;
};

export type ChangeRequestStatusResult =
  { ok: true; notified: string[] } | { ok: false; reason: 'not-found' | 'transition-refused' };

/**
 * Moves a request along its pinned workflow, on behalf of the platform (the demo, tests, connectors): the workflow
 * engine (src/modules/workflows) applies it under the request's lock, with the status's actions and notifications
 *, recorded in the append-only timeline. Agents go through the back-office, which also checks who holds it.
 */
export async function changeRequestStatus(
  services: Services,
  options: ChangeRequestStatusOptions,
): Promise<ChangeRequestStatusResult> {
  const result = await performTransition(services, {
    holder: options.holder,
    requestId: options.requestId,
    expectedVersion: null,
    actor: { ...options.actor, kind: 'system', roles: [] },
    to: options.to,
    raw: { note: options.note ?? undefined },
  });
  if (result.ok) return { ok: true, notified: result.notified };
  return { ok: false, reason: result.reason === 'not-found' ? 'not-found' : 'transition-refused' };
}
