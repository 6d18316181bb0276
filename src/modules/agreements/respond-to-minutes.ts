import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import {
  countPendingOrObjecting,
  findMeeting,
  findMinutesForCommune,
  setRecipientResponse,
  updateMeeting,
} from './governance.repo.ts';

export type RespondToMinutesOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  meetingId: string;
} & ({ response: 'approved' } | { response: 'objected'; objection: string });

export type RespondToMinutesResult =
  { ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; notFound: true };

/**
 * A commune's administrator answers published minutes within the fifteen days (annexe Toodego §5.1): approval, or an
 * objection, which holds the minutes back until the metropolis publishes a corrected version. When every commune has
 * approved, the minutes are approved at once.
 */
export async function respondToMinutes(
  services: Services,
  options: RespondToMinutesOptions,
): Promise<RespondToMinutesResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  const result = await withTenant(services.db, commune.id, async (trx): Promise<RespondToMinutesResult> => {
    const minutes = await findMinutesForCommune(trx, options.meetingId);
    if (!minutes) return { ok: false, notFound: true };
    const open =
      (minutes.status === 'awaiting_approval' || minutes.status === 'contested') &&
      !!minutes.approval_deadline_on &&
      today <= minutes.approval_deadline_on;
    if (!open) {
      return {
        ok: false,
        errors: {
          objection: minutes.approval_deadline_on
            ? `Le délai de quinze jours a pris fin le ${formatCalendarDate(minutes.approval_deadline_on)} : le compte rendu n'attend plus de réponse.`
            : "Ce compte rendu n'attend pas de réponse.",
        },
      };
    }
    const objection = options.response === 'objected' ? options.objection : null;
    await setRecipientResponse(trx, {
      id: minutes.recipient_id,
      response: options.response,
      objection,
      at: now,
      byLabel: actor.label,
    });
    if (options.response === 'objected') await updateMeeting(trx, minutes.id, { status: 'contested' });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: options.response === 'objected' ? 'governance.minutes.object' : 'governance.minutes.approve',
      target: { type: 'governance_meeting', id: minutes.id },
      details: { version: minutes.version, ...(objection ? { objection } : {}) },
      at: now,
    });
    return { ok: true };
  });
  if (result.ok && options.response === 'approved') {
    // The other communes' answers are out of this commune's sight (row-level security): the count runs as the platform.
    await services.db.transaction().execute(async (trx) => {
      const meeting = await findMeeting(trx, options.meetingId);
      if (meeting?.status === 'awaiting_approval' && (await countPendingOrObjecting(trx, meeting.id)) === 0) {
        await updateMeeting(trx, meeting.id, { status: 'approved', approved_on: today, approved_tacitly: false });
      }
    });
  }
  return result;
}
