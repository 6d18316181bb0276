import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { checkPlainText } from '../../forms/index.ts';
import type { ProcessingActor } from './run-actions.ts';
import { findRequest } from '../requests.repo.ts';
import { insertRequestEvent, touchActivity } from './processing.repo.ts';

export type AddInternalNoteOptions = {
  holder: ResolvedTenant;
  requestId: string;
  actor: ProcessingActor;
  body: string;
};

/** An agents-only note on a request: kept in its history, never shown to the citizen. */
export async function addInternalNote(
  services: Services,
  options: AddInternalNoteOptions,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors } | { ok: false; reason: 'not-found' }> {
  const body = options.body.replace(/\r\n?/g, '\n').trim();
  const problem = body ? checkPlainText(body, { maxLength: 4000, multiline: true }) : 'Écrivez la note.';
  if (problem) return { ok: false, errors: { note: problem } };
  const at = services.clock.now();
  const { holder, actor } = options;
  return withTenant(services.db, holder.id, async (trx) => {
    const request = await findRequest(trx, options.requestId);
    if (!request) return { ok: false as const, reason: 'not-found' as const };
    await insertRequestEvent(trx, {
      tenantId: holder.id,
      requestId: request.id,
      at,
      kind: 'note',
      actorUserId: actor.userId,
      actorLabel: actor.label,
      summary: 'Note interne',
      details: { body },
    });
    await touchActivity(trx, request.id, at);
    await recordAudit(trx, {
      actor,
      tenantId: holder.id,
      action: 'request.note',
      target: { type: 'request', id: request.id },
      details: { number: request.number },
      at,
    });
    return { ok: true as const };
  });
}
