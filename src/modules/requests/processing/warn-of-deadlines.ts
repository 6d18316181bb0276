import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { defineRecurringJob } from '../../../platform/jobs/job-definition.ts';
import type { Services } from '../../../platform/services.ts';
import { formatDateTime } from '../../../platform/views/format.ts';
import { loadWorkflow, statusOf } from '../../workflows/index.ts';
import type { Acknowledgement } from '../acknowledgement.ts';
import { signatureOf, tellCitizen } from '../citizen-notifications.ts';
import { findRequest } from '../requests.repo.ts';
import { requestPath } from '../submission.ts';
import { audienceOf, tellAgents } from './agent-mail.job.ts';
import { listDueTimers } from './processing.repo.ts';

const HOUR = 3_600_000;
/** How long before a timed step its people hear of it. */
export const WARNING_AHEAD_MS = 48 * HOUR;
/**
 * Each hourly run looks at the timers coming due 46 to 48 hours later: every timer is seen by two runs (the dedupe
 * keys tell once), so a run missed by a restart loses nothing; a worker stopped longer loses those warnings.
 */
const BAND_MS = 2 * HOUR;
const BATCH = 500;

/**
 * A timed step approaches (a request left without a change moves by itself): the agents holding the request (else
 * its team) hear of it, and the citizen too when it is their answer that is awaited. Each in the request's scope, by
 * the same channels as the other news (e-mail as each one chose, and the bell).
 */
export async function warnOfDeadlines(services: Services, now: Date): Promise<number> {
  const timers = await listDueTimers(
    services.db,
    new Date(now.getTime() + WARNING_AHEAD_MS),
    BATCH,
    new Date(now.getTime() + WARNING_AHEAD_MS - BAND_MS),
  );
  let warned = 0;
  for (const timer of timers) {
    const holder = await services.tenants.byId(timer.tenant_id);
    if (!holder) continue;
    warned += await withTenant(services.db, holder.id, async (trx) => {
      const request = await findRequest(trx, timer.request_id);
      // A request that left the status (or came back to it) since: that timer will be closed, not fired.
      if (!request || request.status !== timer.from_status) return 0;
      if (request.status_entered_at.getTime() !== timer.status_entered_at.getTime()) return 0;
      const dueAt = new Date(request.activity_at.getTime() + timer.delay_minutes * 60_000);
      // Activity since put it off: it comes back in the band when its due time is moved.
      if (dueAt.getTime() > now.getTime() + WARNING_AHEAD_MS) return 0;
      const workflow = await loadWorkflow(trx, request.workflow_version_id);
      const title = (request.acknowledgement as Acknowledgement).serviceTitle;
      const when = formatDateTime(dueAt);
      const key = `deadline:${timer.id}:${dueAt.toISOString()}`;
      if (statusOf(workflow, request.status)?.waitingForCitizen) {
        const url = `${services.config.publicUrl}${requestPath(holder, request)}`;
        await tellCitizen(
          trx,
          services,
          holder,
          request,
          'deadline',
          {
            subject: `Votre demande n° ${request.number} : réponse attendue avant le ${when}`,
            paragraphs: [
              `Votre demande « ${title} » (n° ${request.number}) attend votre réponse.`,
              `Sans réponse de votre part avant le ${when}, elle passera à l’étape suivante (${timer.label}).`,
            ],
            action: { label: 'Répondre', url },
            signature: signatureOf(request),
            sms: `Demande ${request.number} : réponse attendue avant le ${when}. ${url}`,
          },
          `notify:${request.id}:${key}`,
        );
      }
      const audience = audienceOf(request);
      if (audience) {
        await tellAgents(trx, services, holder, request.id, {
          ...audience,
          subject: `Échéance le ${when} : demande n° ${request.number}`,
          paragraphs: [
            `La demande n° ${request.number} (« ${title} ») changera d’étape d’elle-même le ${when} (${timer.label}) si rien ne bouge d’ici là.`,
          ],
          action: { label: 'Ouvrir la demande' },
          eventKey: key,
          kind: 'deadline',
        });
      }
      return 1;
    });
  }
  return warned;
}

/** Hourly: the warnings of the timed steps coming due in two days. */
export const deadlineWarningsJob = defineRecurringJob({
  name: 'workflow.deadline-warnings',
  everyMinutes: 60,
  schema: z.object({ slot: z.string() }),
  async handler({ slot }, { services }) {
    await warnOfDeadlines(services, new Date(slot));
  },
});
