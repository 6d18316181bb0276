import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { guardedFetch } from '../../platform/outgoing/guarded-fetch.ts';
import type { Services } from '../../platform/services.ts';
import { applyUpdates, type StatusUpdate, ZStatusUpdate } from './apply-updates.ts';
import { listPolledConnectors, recordPoll } from './connectors.repo.ts';
import type { ConnectorConfigRow } from './connectors.tables.ts';
import { networkFailure, plainHttpRefused, TIMEOUT_MS } from './deliver-request.job.ts';
import { open311UpdatesUrl } from './outbound-protocols.ts';
import { openSecret } from './secrets.ts';

export const POLL_EVERY_MINUTES = 5;
/**
 * Each poll asks from the start of the last successful one minus this: an update the commune's system dates a little
 * before it becomes visible (a slow transaction, clocks apart) is still caught. What comes twice is a duplicate.
 */
export const POLL_OVERLAP_MS = 10 * 60_000;
/** A first poll asks for the last day: updates made before polling was turned on are not lost. */
export const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60_000;
const MAX_ANSWER_CHARS = 5_000_000;

export type PollOutcome =
  | { ok: true; startDate: Date; applied: number; duplicates: number; stale: number; unknown: number; ignored: number }
  | { ok: false; error: string };

/**
 * Every 5 minutes, the updates of the Connecté communes whose system cannot push (Open311, polling on): fetched with
 * FixMyStreet's `GET servicerequestupdates.json` and applied exactly as pushed ones are (`applyUpdates`). One
 * commune's failure is recorded on its connector in our words and does not stop the others; the next run asks again
 * from the last success, so nothing made in between is missed.
 */
export const pollUpdatesJob = defineRecurringJob({
  name: 'connectors.poll-updates',
  everyMinutes: POLL_EVERY_MINUTES,
  queue: 'connectors',
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    for (const config of await listPolledConnectors(services.db)) {
      try {
        await pollConnector(services, config);
      } catch (error) {
        // Ours, not the commune's (the database, a bug): logged, told to the commune in plain words, tried next run.
        services.logger.error({ err: error, tenant: config.tenant_id }, 'connector poll failed');
        await recordPoll(services.db, config.tenant_id, {
          ok: false,
          error: 'erreur de la plateforme',
          at: services.clock.now(),
        }).catch(() => undefined);
      }
    }
  },
});

/** One poll of one commune's system; its outcome is recorded on the connector. */
export async function pollConnector(services: Services, config: ConnectorConfigRow): Promise<PollOutcome | null> {
  const commune = await services.tenants.byId(config.tenant_id);
  if (!commune || commune.isTestInstance) return null;
  const startedAt = services.clock.now();
  const startDate = config.last_polled_at
    ? new Date(new Date(config.last_polled_at).getTime() - POLL_OVERLAP_MS)
    : new Date(startedAt.getTime() - FIRST_POLL_LOOKBACK_MS);
  const fetched = await fetchUpdates(services, config, startDate);
  if (!fetched.ok) {
    await recordPoll(services.db, config.tenant_id, { ok: false, error: fetched.error, at: startedAt });
    return fetched;
  }
  const counts = await applyUpdates(services, commune, fetched.updates);
  await recordPoll(services.db, config.tenant_id, { ok: true, startedAt });
  return { ok: true, startDate, ignored: fetched.ignored, ...counts };
}

type Fetched = { ok: true; updates: StatusUpdate[]; ignored: number } | { ok: false; error: string };

async function fetchUpdates(services: Services, config: ConnectorConfigRow, startDate: Date): Promise<Fetched> {
  if (plainHttpRefused(services, config.endpoint_url)) return { ok: false, error: 'adresse non https' };
  const url = open311UpdatesUrl(
    {
      protocol: config.protocol,
      endpointUrl: config.endpoint_url,
      serviceCode: config.service_code,
      jurisdictionId: config.jurisdiction_id,
      secret: openSecret(services, config.secret_sealed),
    },
    startDate,
  );
  let text: string;
  try {
    // Redirects are not followed: the API key in the address goes to the address the commune gave, nowhere else.
    const response = await guardedFetch(services.config.outgoingAllowedAddresses)(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'Communs-Connecteur/1' },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await response.text();
    if (!response.ok) return { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: networkFailure(error) };
  }
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, error: 'réponse trop volumineuse' };
  const list = updatesIn(text);
  if (!list) return { ok: false, error: 'réponse illisible (ni service_request_updates ni liste)' };
  // One malformed update must not block the others at every run: it is left out and counted.
  const updates: StatusUpdate[] = [];
  for (const item of list) {
    const parsed = ZStatusUpdate.safeParse(item);
    if (parsed.success) updates.push(parsed.data);
  }
  return { ok: true, updates, ignored: list.length - updates.length };
}

/** FixMyStreet answers `{ service_request_updates: [...] }`; some servers answer the bare list. */
function updatesIn(text: string): unknown[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(parsed)) return parsed as unknown[];
  const wrapped =
    parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).service_request_updates : undefined;
  return Array.isArray(wrapped) ? (wrapped as unknown[]) : null;
}
