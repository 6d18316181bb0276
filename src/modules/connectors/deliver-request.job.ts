import { z } from 'zod';
import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import { guardedFetch, OutgoingCallRefused } from '../../platform/outgoing/guarded-fetch.ts';
import type { Services } from '../../platform/services.ts';
import { addInternalNote } from '../requests/index.ts';
import { findConnector, ensureDelivery, recordAttempt } from './connectors.repo.ts';
import type { ConnectorDeliveryRow, DeliveryPayload } from './connectors.tables.ts';
import { communeReference, type ConnectorTarget, open311Call, webhookCall } from './outbound-protocols.ts';
import { openSecret } from './secrets.ts';

/** Attempts before a delivery is given up and the operators are alerted (about 17 minutes of retries). */
export const MAX_DELIVERY_ATTEMPTS = 10;
export const TIMEOUT_MS = 10_000;

/** Seconds, not the job queue's minutes: a commune's system that hiccups gets the request a few seconds later. */
export function deliveryBackoffMs(attempts: number): number {
  return Math.min(2 ** (attempts - 1) * 2_000, 10 * 60_000);
}

const ZContent = z.object({
  number: z.string(),
  submittedAt: z.string(),
  service: z.object({ slug: z.string(), title: z.string() }),
  commune: z.object({ inseeCode: z.string().nullable(), name: z.string() }),
  email: z.string().nullable(),
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  description: z.string(),
  attributes: z.record(z.string(), z.string()),
});

const ZDelivery = z.object({
  holderTenantId: z.uuid(),
  communeSlug: z.string().min(1),
  requestId: z.uuid(),
  content: ZContent,
});
export type DeliveryJobPayload = z.infer<typeof ZDelivery>;

/**
 * Hands a relayed request to a Connecté commune's own system, one attempt per run: a failure records itself on the
 * delivery and enqueues the next attempt (exponential backoff on the injected clock); the last one alerts the
 * operators. The delivery row is created by the first run, its id being the event id the receiver de-duplicates on.
 */
export const deliverRequestJob = defineJob({
  name: 'connectors.deliver',
  queue: 'connectors',
  schema: ZDelivery,
  maxAttempts: 3,
  async handler(input, { services }) {
    const commune = await services.tenants.bySlug(input.communeSlug);
    const config = commune ? await findConnector(services.db, commune.id) : undefined;
    // No connector in force: the e-mail relay planned at submission is the commune's only copy.
    if (!commune || !config?.enabled) return;
    const now = services.clock.now();
    const delivery = await withTenant(services.db, input.holderTenantId, (trx) =>
      ensureDelivery(trx, {
        communeTenantId: commune.id,
        requestId: input.requestId,
        protocol: config.protocol,
        payload: input.content,
        at: now,
      }),
    );
    if (delivery.state !== 'pending') return;
    const target: ConnectorTarget = {
      protocol: delivery.protocol,
      endpointUrl: config.endpoint_url,
      serviceCode: config.service_code,
      jurisdictionId: config.jurisdiction_id,
      secret: openSecret(services, config.secret_sealed),
    };
    const outcome = await attempt(services, target, delivery.payload);
    const attempts = delivery.attempts + 1;
    const at = services.clock.now();
    if (outcome.ok) {
      await withTenant(services.db, input.holderTenantId, (trx) =>
        recordAttempt(trx, delivery.id, {
          state: 'delivered',
          attempts,
          nextAttemptAt: null,
          error: null,
          reference: outcome.reference,
          at,
        }),
      );
      await noteOnRequest(
        services,
        input,
        `Transmise au système de ${commune.name} (${protocolName(delivery.protocol)})${outcome.reference ? `, référence ${outcome.reference}` : ''}.`,
      );
      return;
    }
    const giveUp = !outcome.retry || attempts >= MAX_DELIVERY_ATTEMPTS;
    const nextAttemptAt = giveUp ? null : new Date(at.getTime() + deliveryBackoffMs(attempts));
    const operators = giveUp ? await operatorAddresses(services) : [];
    await withTenant(services.db, input.holderTenantId, async (trx) => {
      await recordAttempt(trx, delivery.id, {
        state: giveUp ? 'failed' : 'pending',
        attempts,
        nextAttemptAt,
        error: outcome.error,
        reference: null,
        at,
      });
      if (nextAttemptAt) {
        await services.jobs.enqueue(trx, deliverRequestJob, input, {
          tenantId: input.holderTenantId,
          runAt: nextAttemptAt,
          dedupeKey: `connector:${delivery.id}:${attempts}`,
        });
      } else {
        await services.jobs.enqueueAll(
          trx,
          operators.map((to) =>
            emailJob({
              to,
              tenantId: input.holderTenantId,
              dedupeKey: `connector-alert:${delivery.id}:${to}`,
              content: alert(commune.name, delivery, attempts, outcome.error),
            }),
          ),
        );
      }
    });
    if (giveUp)
      await noteOnRequest(
        services,
        input,
        `Échec de la transmission au système de ${commune.name} après ${attempts} essai${attempts > 1 ? 's' : ''} (${outcome.error}). Les opérateurs sont prévenus ; la commune a reçu la demande par courriel.`,
      );
  },
});

type Outcome = { ok: true; reference: string | null } | { ok: false; retry: boolean; error: string };

async function attempt(services: Services, target: ConnectorTarget, payload: DeliveryPayload): Promise<Outcome> {
  if (plainHttpRefused(services, target.endpointUrl)) return { ok: false, retry: false, error: 'adresse non https' };
  const unixSeconds = Math.floor(services.clock.now().getTime() / 1000);
  const call = target.protocol === 'open311' ? open311Call(target, payload) : webhookCall(target, payload, unixSeconds);
  try {
    // Redirects are not followed: the request and its secret go to the address the commune gave, nowhere else.
    const response = await guardedFetch(services.config.outgoingAllowedAddresses)(call.url, {
      method: 'POST',
      headers: { ...call.headers, 'user-agent': 'Communs-Connecteur/1' },
      body: call.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok)
      return {
        ok: false,
        retry: response.status >= 500 || response.status === 429 || response.status === 408,
        error: `HTTP ${response.status}`,
      };
    return { ok: true, reference: communeReference(target.protocol, parseJson(text)) };
  } catch (error) {
    return { ok: false, retry: !(error instanceof OutgoingCallRefused), error: networkFailure(error) };
  }
}

/** In production a commune's system is reached over https only (its key or secret travels with each call). */
export function plainHttpRefused(services: Services, endpointUrl: string): boolean {
  return services.config.env === 'production' && new URL(endpointUrl).protocol !== 'https:';
}

/** A call that got no answer, in our words: the network's own words stay out of what agents and communes read. */
export function networkFailure(error: unknown): string {
  if (error instanceof OutgoingCallRefused) return 'adresse de réseau interne refusée';
  return isTimeout(error) ? 'délai dépassé' : 'pas de réponse';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError')
  );
}

const protocolName = (protocol: string) => (protocol === 'open311' ? 'Open311' : 'webhook signé');

/** Shown to the holder's agents in the request's history. */
async function noteOnRequest(services: Services, input: DeliveryJobPayload, body: string): Promise<void> {
  const holder = await services.tenants.byId(input.holderTenantId);
  if (!holder) return;
  await addInternalNote(services, {
    holder,
    requestId: input.requestId,
    actor: { userId: null, label: 'Plateforme (connecteur)', ip: null, kind: 'system', roles: [] },
    body,
  });
}

async function operatorAddresses(services: Services): Promise<string[]> {
  const metropole = await services.tenants.metropole();
  return (await listTenantMembers(services.db, metropole.id))
    .filter((m) => m.roles.includes('operator'))
    .map((m) => m.email);
}

function alert(communeName: string, delivery: ConnectorDeliveryRow, attempts: number, error: string) {
  return {
    subject: `Connecteur en échec : demande ${delivery.request_number} non transmise à ${communeName}`,
    greeting: 'Bonjour,',
    paragraphs: [
      `La demande ${delivery.request_number} n'a pas pu être transmise au système de ${communeName} après ${attempts} essai${attempts > 1 ? 's' : ''} (dernière erreur : ${error}).`,
      `La commune l'a reçue par courriel. Vérifiez la configuration de son connecteur et l'état de son système.`,
    ],
    signature: 'La plateforme Communs',
  };
}
