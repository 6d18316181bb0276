import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { tenantPath } from '../../platform/http/render.tsx';
import { minutesApprovalDeadline } from './agreement-terms.ts';
import { listAnnexesAllCommunes, listLatestAgreementsAllCommunes } from './agreements.repo.ts';
import type { GovernanceMeeting } from './agreements.tables.ts';
import { offerOn } from './annex-periods.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';
import { MEETING_KINDS } from './governance-rules.ts';
import { findMeeting, replaceRecipients, updateMeeting } from './governance.repo.ts';

export type PublishMinutesResult =
  | { ok: true; recipients: number; deadline: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; notFound: true };

/** The communes a meeting's minutes go to, on the day they are published. */
async function concernedCommunes(services: Services, meeting: GovernanceMeeting, today: string): Promise<string[]> {
  const rule = MEETING_KINDS[meeting.kind].concerned;
  if (rule.kind === 'one_commune') return meeting.bilateral_tenant_id ? [meeting.bilateral_tenant_id] : [];
  if (rule.kind === 'all_agreements') {
    return (await listLatestAgreementsAllCommunes(services.db))
      .filter((a) => a.effective_on <= today && today <= a.last_day)
      .map((a) => a.tenant_id);
  }
  const annexes = await listAnnexesAllCommunes(services.db);
  const tenants = [...new Set(annexes.map((a) => a.tenant_id))];
  return tenants.filter(
    (id) =>
      offerOn(
        annexes.filter((a) => a.tenant_id === id),
        'toodego',
        today,
      ) === rule.offer,
  );
}

/**
 * Publishes (or republishes, corrected after an objection) a meeting's minutes to the communes concerned, who have
 * fifteen days to object; without an objection they are approved (annexe Toodego §5.1). Each commune's
 * administrators are told by e-mail, in the same transaction.
 */
export async function publishMinutes(
  services: Services,
  options: { actor: AuditActor; meetingId: string; minutes: string },
): Promise<PublishMinutesResult> {
  const now = services.clock.now();
  const today = parisDay(now);
  const meeting = await findMeeting(services.db, options.meetingId);
  if (!meeting) return { ok: false, notFound: true };
  if (meeting.status !== 'draft' && meeting.status !== 'contested') {
    return {
      ok: false,
      errors: { minutes: 'Ce compte rendu est déjà publié ; il ne peut être republié qu’après une objection.' },
    };
  }
  const recipients = await concernedCommunes(services, meeting, today);
  if (recipients.length === 0)
    return { ok: false, errors: { minutes: "Aucune commune n'est concernée par cette instance aujourd'hui." } };
  const deadline = minutesApprovalDeadline(today);
  const rule = MEETING_KINDS[meeting.kind];
  // Resolved before the transaction: the directory may reload through its own connection (PGlite has only one).
  const communes = (await Promise.all(recipients.map((id) => services.tenants.byId(id)))).filter(
    (c) => c !== undefined,
  );
  await services.db.transaction().execute(async (trx) => {
    await updateMeeting(trx, meeting.id, {
      minutes: options.minutes,
      status: 'awaiting_approval',
      version: meeting.version + 1,
      published_on: today,
      approval_deadline_on: deadline,
      approved_on: null,
      approved_tacitly: false,
    });
    await replaceRecipients(trx, meeting.id, recipients);
    for (const tenant of communes) {
      const tenantId = tenant.id;
      const admins = (await listTenantMembers(trx, tenantId)).filter((m) => m.roles.includes('admin'));
      for (const admin of admins) {
        await queueEmail(trx, services.jobs, {
          to: admin.email,
          tenantId,
          dedupeKey: `minutes:${meeting.id}:v${meeting.version + 1}:${admin.userId}`,
          content: {
            subject: `Compte rendu à valider : ${meeting.title}`,
            greeting: `Bonjour ${admin.displayName},`,
            paragraphs: [
              `La Métropole de Lyon publie le compte rendu de la réunion « ${meeting.title} » (${rule.label}) du ${formatCalendarDate(meeting.held_on)}.`,
              `Vous pouvez l'approuver ou formuler une objection jusqu'au ${formatCalendarDate(deadline)} inclus. Sans réponse dans ce délai, il sera considéré comme approuvé (annexe Toodego §5.1).`,
            ],
            action: {
              label: 'Lire le compte rendu',
              url: `${services.config.publicUrl}${tenantPath(tenant.slug, `/admin/convention/comptes-rendus/${meeting.id}`)}`,
            },
            signature: 'La Métropole de Lyon',
          },
        });
      }
    }
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: null,
      action: 'governance.minutes.publish',
      target: { type: 'governance_meeting', id: meeting.id },
      details: { version: meeting.version + 1, recipients: recipients.length, deadline },
      at: now,
    });
  });
  return { ok: true, recipients: recipients.length, deadline };
}
