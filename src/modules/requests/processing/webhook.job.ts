import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { defineJob } from '../../../platform/jobs/job-definition.ts';
import { guardedFetch, OutgoingCallRefused } from '../../../platform/outgoing/guarded-fetch.ts';
import { insertRequestEvent, webhookSecret } from './processing.repo.ts';

const ZWebhook = z.object({
  tenantId: z.uuid(),
  requestId: z.uuid(),
  url: z.url({ protocol: /^https?$/ }),
  /** Unique per call: receivers de-duplicate on it (delivery is at least once). */
  eventId: z.string().min(1).max(200),
  body: z.record(z.string(), z.unknown()),
});

export const WEBHOOK_SIGNATURE_HEADER = 'communs-signature';
export const WEBHOOK_EVENT_HEADER = 'communs-event-id';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme of Stripe and Standard Webhooks: the receiver
 * recomputes it with the tenant's secret and refuses old timestamps, so a captured call cannot be replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const TIMEOUT_MS = 10_000;

/** A workflow's webhook call, delivered from the outbox with retries; each outcome goes to the request's history. */
export const webhookJob = defineJob({
  name: 'workflow.webhook',
  queue: 'webhooks',
  schema: ZWebhook,
  maxAttempts: 8,
  async handler(call, { services, job }) {
    const record = (summary: string, details: Record<string, unknown>) =>
      withTenant(services.db, call.tenantId, (trx) =>
        insertRequestEvent(trx, {
          tenantId: call.tenantId,
          requestId: call.requestId,
          at: services.clock.now(),
          kind: 'action',
          actorUserId: null,
          actorLabel: 'Plateforme (appel sortant)',
          summary,
          details,
        }),
      );
    const url = new URL(call.url);
    // Outside development and tests, a call leaves only over TLS.
    if (services.config.env === 'production' && url.protocol !== 'https:') {
      await record(`Appel de ${url.origin} refusé : seules les adresses https sont appelées.`, {
        url: call.url,
        eventId: call.eventId,
      });
      return;
    }
    const secret = await withTenant(services.db, call.tenantId, (trx) => webhookSecret(trx, services.clock.now()));
    const body = JSON.stringify(call.body);
    const timestamp = Math.floor(services.clock.now().getTime() / 1000);
    let failure: string;
    try {
      // Redirects are not followed: the signed body goes to the address the workflow names, nowhere else.
      const response = await guardedFetch(services.config.outgoingAllowedAddresses)(call.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Communs-Webhook/1',
          [WEBHOOK_EVENT_HEADER]: call.eventId,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) {
        await record(`Appel de ${url.origin} réussi (HTTP ${response.status}).`, {
          url: call.url,
          eventId: call.eventId,
          status: response.status,
          attempt: job.attempts,
        });
        return;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      // An internal address is refused before anything is sent, and for good: no retry, and the history says only
      // that, so that it cannot serve to probe what answers inside the platform's network.
      if (error instanceof OutgoingCallRefused) {
        await record(
          `Appel de ${url.origin} refusé : cette adresse mène à un réseau interne, que les appels sortants n’atteignent pas.`,
          { url: call.url, eventId: call.eventId },
        );
        return;
      }
      // The network's own words (refused, reset, unknown name…) stay out of the history.
      failure = isTimeout(error) ? 'délai dépassé' : 'pas de réponse';
    }
    if (job.attempts >= webhookJob.maxAttempts) {
      await record(`Appel de ${url.origin} abandonné après ${job.attempts} essais (${failure}).`, {
        url: call.url,
        eventId: call.eventId,
        error: failure,
      });
    }
    throw new Error(`webhook ${url.origin} : ${failure}`);
  },
});

function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError')
  );
}
