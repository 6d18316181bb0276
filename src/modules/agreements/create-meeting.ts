import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { listAnnexesAllCommunes } from './agreements.repo.ts';
import type { GovernanceMeeting, MeetingKind } from './agreements.tables.ts';
import { offerOn } from './annex-periods.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { MEETING_KINDS } from './governance-rules.ts';
import { insertMeeting } from './governance.repo.ts';

export type CreateMeetingOptions = {
  actor: AuditActor;
  kind: MeetingKind;
  title: string;
  heldOn: string;
  minutes: string;
  /** Bilateral meetings only: the Connecté commune. */
  communeId: string | null;
};

/** An operator records a governance meeting and drafts its minutes; publishing them is a separate step. */
export async function createMeeting(
  services: Services,
  options: CreateMeetingOptions,
): Promise<{ ok: true; meeting: GovernanceMeeting } | { ok: false; errors: Record<string, string> }> {
  const now = services.clock.now();
  const today = parisDay(now);
  const errors: Record<string, string> = {};
  if (options.heldOn > today) errors.heldOn = "La réunion doit avoir eu lieu pour qu'on en rédige le compte rendu.";
  const rule = MEETING_KINDS[options.kind];
  if (rule.concerned.kind === 'one_commune') {
    const annexes = options.communeId
      ? (await listAnnexesAllCommunes(services.db)).filter((a) => a.tenant_id === options.communeId)
      : [];
    if (!options.communeId || offerOn(annexes, 'toodego', today) !== rule.concerned.offer) {
      errors.communeId = 'Choisissez une commune dont la convention prévoit l’offre Toodego Connecté.';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return services.db.transaction().execute(async (trx) => {
    const meeting = await insertMeeting(trx, {
      kind: options.kind,
      title: options.title,
      held_on: options.heldOn,
      minutes: options.minutes,
      bilateral_tenant_id: rule.concerned.kind === 'one_commune' ? options.communeId : null,
      created_at: now,
      created_by_label: options.actor.label,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.communeId,
      action: 'governance.meeting.create',
      target: { type: 'governance_meeting', id: meeting.id },
      details: { kind: options.kind, title: options.title, heldOn: options.heldOn },
      at: now,
    });
    return { ok: true as const, meeting };
  });
}
