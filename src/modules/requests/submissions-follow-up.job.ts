import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { EmailContent } from '../../platform/mail/email-template.tsx';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { indexRequestsForSearch } from './listing/inbox.repo.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { findSubmittedRequests, type SubmittedRequest } from './requests.repo.ts';
import { requestsSubmitted } from './request-events.ts';
import { requestPath } from './submission.ts';

/**
 * What follows a batch of submissions, enqueued in their transaction (one job row for the batch, not three per
 * request): the free-text search entries of the agents' inbox, then, in one transaction, one mail job per
 * acknowledgement (each with its dedupe key, so a retried run sends nothing twice) and the `requestsSubmitted` event,
 * on which the back-office tells its agents.
 */
export const submissionsFollowUpJob = defineJob({
  name: 'requests.submitted',
  queue: 'mail',
  schema: z.object({
    tenantId: z.uuid(),
    requests: z.array(z.object({ id: z.uuid(), citizenName: z.string().nullable() })).min(1),
  }),
  maxAttempts: 10,
  async handler({ tenantId, requests }, { services }) {
    const holder = await services.tenants.byId(tenantId);
    if (!holder) throw new Error(`holder ${tenantId} of submitted requests not found`);
    const ids = requests.map((r) => r.id);
    await indexRequestsForSearch(services.db, ids);
    const stored = await findSubmittedRequests(services.db, tenantId, ids);
    const acknowledgements = stored.map((request) =>
      emailJob({
        to: request.contact_email,
        tenantId,
        dedupeKey: `ack:${request.id}`,
        content: acknowledgementEmail(
          services,
          holder,
          request,
          requests.find((r) => r.id === request.id)?.citizenName ?? null,
        ),
      }),
    );
    const openRequestIds = stored.filter((r) => !r.closed_at).map((r) => r.id);
    await services.db.transaction().execute(async (trx) => {
      await services.jobs.enqueueAll(trx, acknowledgements);
      await services.events.emit(trx, requestsSubmitted, {
        holder,
        requestIds: stored.map((r) => r.id),
        openRequestIds,
      });
    });
  },
});

/** The acknowledgement as sent by e-mail: the mentions stored with the request, word for word. */
function acknowledgementEmail(
  services: Services,
  holder: ResolvedTenant,
  request: SubmittedRequest,
  citizenName: string | null,
): EmailContent {
  const acknowledgement = request.acknowledgement as Acknowledgement;
  return {
    subject: `Accusé de réception : ${acknowledgement.serviceTitle} (n° ${acknowledgement.number})`,
    greeting: citizenName ? `Bonjour ${citizenName},` : 'Bonjour,',
    paragraphs: acknowledgement.paragraphs,
    action: { label: 'Suivre votre demande', url: `${services.config.publicUrl}${requestPath(holder, request)}` },
    signature: `${acknowledgement.handledBy.office.name} — ${acknowledgement.handledBy.administration}`,
  };
}
