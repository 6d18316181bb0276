import { withTenant } from '../../platform/db/tenant-scope.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { FileUpload } from '../forms/index.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { checkMessage, storeMessage } from './message-input.ts';
import { touchRequest } from './requests.repo.ts';
import { resumeOnCitizenReply } from './processing/resume-on-citizen-reply.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';

export type PostCitizenMessageOptions = {
  holder: ResolvedTenant;
  /** A request the caller has already checked belongs to this citizen (or this tracking code). */
  request: SubmittedRequestRow;
  authorUserId: string | null;
  authorLabel: string;
  body: string;
  upload?: FileUpload | undefined;
};

/**
 * The citizen writes to the competent administration about their request. When the request was relayed to a
 * commune that does not use the platform, the message follows it by e-mail.
 */
export async function postCitizenMessage(
  services: Services,
  options: PostCitizenMessageOptions,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const checked = await checkMessage(options.body, options.upload);
  if (!checked.ok) return checked;
  const now = services.clock.now();
  const { request, holder } = options;
  await withTenant(services.db, holder.id, async (trx) => {
    const message = await storeMessage(trx, services, {
      tenantId: holder.id,
      requestId: request.id,
      author: 'citizen',
      authorUserId: options.authorUserId,
      authorLabel: options.authorLabel,
      message: checked.message,
      at: now,
    });
    await touchRequest(trx, request.id, now);
    // The back-office: a request waiting for this answer resumes, and its agent is told.
    await resumeOnCitizenReply(trx, services, {
      holder,
      requestId: request.id,
      messageId: message.id,
      citizen: { userId: options.authorUserId, label: options.authorLabel },
    });
    const routing = request.routing as RoutingDecision;
    if (routing.channel === 'email-relay' && routing.relayTo) {
      const title = (request.acknowledgement as Acknowledgement).serviceTitle;
      await queueEmail(trx, services.jobs, {
        to: routing.relayTo,
        tenantId: holder.id,
        dedupeKey: `relay-message:${message.id}`,
        content: {
          subject: `Message de l'usager : ${title} (n° ${request.number})`,
          greeting: 'Madame, Monsieur,',
          paragraphs: [
            `L'usager de la demande n° ${request.number} (« ${title} »), que ${holder.name} vous a transmise, a écrit :`,
            checked.message.body,
            ...(checked.message.file
              ? [
                  `Un fichier accompagne ce message (${checked.message.file.upload.filename}) ; ${holder.name} vous le transmet sur simple demande.`,
                ]
              : []),
            `Pour lui répondre : ${request.contact_email}.`,
          ],
          signature: `${holder.name} — guichet numérique Toodego`,
        },
      });
    }
  });
  return { ok: true };
}
