import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import { type SpaceMember, listSpaceMembers } from '../members.repo.ts';
import type { School } from '../school.tables.ts';
import { type Attachment, type Suspension, findSuspension, insertMessage } from './messaging.repo.ts';
import { maySend } from './send-rules.ts';

export type SendOutcome =
  | { ok: true; messageId: string }
  | { ok: false; reason: 'suspended'; suspension: Suspension }
  | { ok: false; reason: 'recipients_refused'; refused: string[] };

/**
 * Sends a message to members of the school, each allowed by the send rules. The suspension is read in the same
 * transaction as the sending: once the switch is turned, no message goes out, and the refusal is audited.
 */
export async function sendMessage(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    sender: SpaceMember;
    recipientIds: readonly string[];
    subject: string;
    body: string;
    attachment: (Omit<Attachment, 'sha256' | 'size'> & { bytes: Buffer }) | null;
    actor: AuditActor;
  },
): Promise<SendOutcome> {
  const at = services.clock.now();
  const stored = options.attachment ? await services.files.put(options.attachment.bytes) : null;
  return withTenant(services.db, options.school.tenant_id, async (trx): Promise<SendOutcome> => {
    const suspension = await findSuspension(trx, options.school.id);
    if (suspension) {
      await recordAudit(trx, {
        actor: options.actor,
        tenantId: trx.tenantId,
        action: 'school.message_refused_suspended',
        target: { type: 'school', id: options.school.id },
        details: { scope: suspension.scope },
        at,
      });
      return { ok: false, reason: 'suspended', suspension };
    }
    const ids = [...new Set(options.recipientIds)];
    const found = await listSpaceMembers(trx, options.school.id, ids);
    const allowed = found.filter((m) => maySend(options.sender, m));
    if (allowed.length !== ids.length || ids.length === 0)
      return {
        ok: false,
        reason: 'recipients_refused',
        refused: ids.filter((id) => !allowed.some((m) => m.personId === id)),
      };
    const messageId = await insertMessage(trx, {
      schoolId: options.school.id,
      senderId: options.sender.personId,
      subject: options.subject,
      body: options.body,
      attachment:
        options.attachment && stored
          ? {
              name: options.attachment.name,
              type: options.attachment.type,
              sha256: stored.sha256,
              size: stored.byteSize,
            }
          : null,
      recipientIds: ids,
      at,
    });
    return { ok: true, messageId };
  });
}
