import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import { queueEmail } from '../../../platform/mail/send-mail.job.ts';
import { PROFILE_LABELS } from '../portal-rights.ts';
import { listSchoolAdministrators } from '../schools.repo.ts';
import type { Profile, School } from '../school.tables.ts';
import { closeReport, findMessageFor, insertReport } from './messaging.repo.ts';

/**
 * A recipient reports a message as abusive: the school's administrators find it on their moderation page, with the
 * message as it was sent kept in the report (its attachment too, by its digest), whatever happens to the accounts.
 */
export async function reportMessage(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    messageId: string;
    reporterId: string;
    reason: string;
    /** The school's moderation page, as the administrators' e-mail links to it. */
    moderationUrl: string;
    actor: AuditActor;
  },
): Promise<'reported' | 'already_reported' | 'not_found'> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const message = await findMessageFor(trx, options.school.id, options.messageId, options.reporterId);
    if (!message || message.sender_id === options.reporterId) return 'not_found';
    const id = await insertReport(trx, {
      schoolId: options.school.id,
      messageId: message.id,
      reporterId: options.reporterId,
      reason: options.reason,
      evidence: {
        sender: message.sender,
        senderProfile: PROFILE_LABELS[message.senderProfile as Profile] ?? message.senderProfile,
        recipients: message.recipients,
        subject: message.subject,
        body: message.body,
        sentAt: message.sent_at.toISOString(),
        attachment:
          message.attachment_sha256 && message.attachment_name
            ? { name: message.attachment_name, sha256: message.attachment_sha256 }
            : null,
      },
      at,
    });
    if (!id) return 'already_reported';
    // The e-mail says a report waits, never what the message says: that stays behind the school's login.
    for (const admin of await listSchoolAdministrators(trx, options.school.id))
      if (admin.email)
        await queueEmail(trx, services.jobs, {
          to: admin.email,
          tenantId: trx.tenantId,
          dedupeKey: `school-report:${id}:${admin.email}`,
          content: {
            subject: "Un message a été signalé dans la messagerie de l'école",
            greeting: `Bonjour ${admin.name},`,
            paragraphs: [
              "Un membre de l'école a signalé un message qu'il a reçu. Le message est conservé tel qu'il a été envoyé.",
              "Consultez-le sur la page des signalements ; vous pouvez aussi y suspendre la messagerie de l'école.",
            ],
            action: { label: 'Voir les signalements', url: options.moderationUrl },
            signature: "L'espace numérique des écoles",
          },
        });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.message_reported',
      target: { type: 'school_message', id: message.id },
      details: { report: id },
      at,
    });
    return 'reported';
  });
}

export async function closeMessageReport(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; reportId: string; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    if (!(await closeReport(trx, options.school.id, options.reportId, options.actor.label, at))) return false;
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.message_report_closed',
      target: { type: 'school_message_report', id: options.reportId },
      at,
    });
    return true;
  });
}
