import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { defineJob, defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { type PlannedJob, planJob } from '../../platform/jobs/queue.ts';
import { parisHour } from '../../platform/paris-time.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { mayUse } from '../../platform/tenancy/offers.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { formatDateTime } from '../../platform/views/format.ts';
import { subscribe } from '../../platform/events/domain-events.ts';
import {
  type Acknowledgement,
  findRequest,
  gruPath,
  gruRequestPath,
  listProcessingAgents,
  type ProcessingAgent,
  requestsSubmitted,
  listSubmittedBetween,
  listAgentsOfService,
} from '../requests/index.ts';
import type { NewRequestNotification } from './backoffice.tables.ts';
import { listAgentPreferences, listDigestPreferences, markDigestSent } from './backoffice.repo.ts';
import { servicesHiddenFrom } from './team-visibility.ts';

/** Without a preference of their own, agents hear of each new request at once; administrators only if they ask. */
export function defaultNotification(agent: Pick<ProcessingAgent, 'roles'>): NewRequestNotification {
  return agent.roles.includes('agent') ? 'immediate' : 'none';
}

/** Agents hear of new requests when they are stored (the requests module's event), in the same transaction. */
export const notifyAgentsOfNewRequests = subscribe(
  requestsSubmitted,
  async ({ holder, openRequestIds }, { trx, services }) => {
    await services.jobs.enqueueAll(trx, newRequestNotifications(holder, openRequestIds));
  },
);

/** The agents' notifications of new requests still open, for a tenant that processes its requests here. */
export function newRequestNotifications(holder: ResolvedTenant, requestIds: string[]): PlannedJob[] {
  // A tenant without the GRU (Connecté) has no agents here to tell.
  if (!mayUse(holder.offers, 'gru.process')) return [];
  return requestIds.map((requestId) =>
    planJob(
      newRequestJob,
      { tenantId: holder.id, requestId },
      { tenantId: holder.id, dedupeKey: `new-request:${requestId}` },
    ),
  );
}

/**
 * A new request of this tenant's competence: an e-mail to each agent who wants to hear of it at
 * once; the others find it in their daily digest. Enqueued when the requests module says they were submitted.
 */
export const newRequestJob = defineJob({
  name: 'backoffice.new-request',
  queue: 'mail',
  schema: z.object({ tenantId: z.uuid(), requestId: z.uuid() }),
  maxAttempts: 10,
  async handler({ tenantId, requestId }, { services }) {
    const holder = await services.tenants.byId(tenantId);
    if (!holder || !mayUse(holder.offers, 'gru.process')) return;
    const request = await withTenant(services.db, holder.id, (trx) => findRequest(trx, requestId));
    if (!request) return;
    // A service with a team is its members' and the administrators' (per-service teams); without one, everyone's.
    const agents = await listAgentsOfService(services, holder, request.eservice_id);
    const preferences = await withTenant(services.db, holder.production.id, (trx) => listAgentPreferences(trx));
    const immediate = agents.filter(
      (a) => (preferences.find((p) => p.user_id === a.userId)?.new_requests ?? defaultNotification(a)) === 'immediate',
    );
    if (immediate.length === 0) return;
    await withTenant(services.db, holder.id, async (trx) => {
      const title = (request.acknowledgement as Acknowledgement).serviceTitle;
      for (const agent of immediate) {
        await queueEmail(trx, services.jobs, {
          to: agent.email,
          tenantId: holder.id,
          dedupeKey: `new-request:${request.id}:${agent.userId}`,
          content: {
            subject: `Nouvelle demande n° ${request.number} : ${title}`,
            greeting: `Bonjour ${agent.displayName},`,
            paragraphs: [
              `Une nouvelle demande relève de ${holder.name} : « ${title} », n° ${request.number}, déposée le ${formatDateTime(request.submitted_at)}.`,
              'Prenez-la en charge depuis la liste des demandes à traiter.',
              'Vous recevez ce courriel à chaque nouvelle demande ; vous pouvez choisir un récapitulatif quotidien dans vos préférences de notification.',
            ],
            action: {
              label: 'Ouvrir la demande',
              url: `${services.config.publicUrl}${gruRequestPath(holder, request.id)}`,
            },
            signature: `Communs — ${holder.name}`,
          },
        });
      }
    });
  },
});

type DigestLine = { number: string; title: string; submittedAt: Date; tenant: ResolvedTenant; eserviceId: string };

/** Requests submitted to the tenant (and its test instance) in [since, upTo). */
async function newRequestsBetween(
  services: Services,
  tenants: ResolvedTenant[],
  since: Date,
  upTo: Date,
): Promise<DigestLine[]> {
  const lines: DigestLine[] = [];
  for (const tenant of tenants) {
    const rows = await withTenant(services.db, tenant.id, (trx) => listSubmittedBetween(trx, since, upTo, 501));
    for (const r of rows)
      lines.push({
        number: r.number,
        title: (r.acknowledgement as Acknowledgement).serviceTitle,
        submittedAt: r.submitted_at,
        tenant,
        eserviceId: r.eservice_id,
      });
  }
  return lines;
}

/** Sends the daily digests due in the hour starting at `slot` (Paris time). */
export async function sendDigests(services: Services, slot: Date): Promise<number> {
  let sent = 0;
  for (const preference of await listDigestPreferences(services.db, parisHour(slot))) {
    const tenant = await services.tenants.byId(preference.tenant_id);
    if (!tenant || !mayUse(tenant.offers, 'gru.process')) continue;
    if (preference.last_digest_at && preference.last_digest_at >= slot) continue;
    const agent = (await listProcessingAgents(services, tenant)).find((a) => a.userId === preference.user_id);
    if (!agent) continue;
    const since = preference.last_digest_at ?? new Date(slot.getTime() - 24 * 3_600_000);
    const instances = (await services.tenants.all()).filter((t) => t.production.id === tenant.id);
    const hidden = await servicesHiddenFrom(services, tenant, agent);
    const lines = (await newRequestsBetween(services, instances, since, slot)).filter(
      (l) => !hidden.includes(l.eserviceId),
    );
    await withTenant(services.db, tenant.id, async (trx) => {
      if (lines.length > 0) {
        await queueEmail(trx, services.jobs, {
          to: agent.email,
          tenantId: tenant.id,
          dedupeKey: `digest:${agent.userId}:${tenant.id}:${slot.toISOString()}`,
          content: {
            subject: `${lines.length > 500 ? 'Plus de 500' : lines.length} nouvelle${lines.length > 1 ? 's' : ''} demande${lines.length > 1 ? 's' : ''} pour ${tenant.name}`,
            greeting: `Bonjour ${agent.displayName},`,
            paragraphs: [
              `Depuis le ${formatDateTime(since)}, ${lines.length > 1 ? 'ces demandes relèvent' : 'cette demande relève'} de ${tenant.name} :`,
              ...lines
                .slice(0, 50)
                .map(
                  (l) =>
                    `n° ${l.number} — ${l.title} — ${formatDateTime(l.submittedAt)}${l.tenant.isTestInstance ? ' (instance de test)' : ''}`,
                ),
              ...(lines.length > 50 ? [`… et ${lines.length - 50} autres, dans la liste des demandes.`] : []),
            ],
            action: { label: 'Voir les demandes à traiter', url: `${services.config.publicUrl}${gruPath(tenant)}` },
            signature: `Communs — ${tenant.name}`,
          },
        });
        sent++;
      }
      await markDigestSent(trx, agent.userId, slot);
    });
  }
  return sent;
}

/** Hourly: each agent who chose the digest gets it at their hour ("or as a digest, per agent preference"). */
export const digestJob = defineRecurringJob({
  name: 'backoffice.digest',
  everyMinutes: 60,
  schema: z.object({ slot: z.string() }),
  async handler({ slot }, { services }) {
    await sendDigests(services, new Date(slot));
  },
});
