import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { postAdministrationMessage } from '../requests/index.ts';
import { findConnector } from './connectors.repo.ts';
import { findDeliveryByReference, insertUpdate, latestAppliedUpdate, markUpdateApplied } from './updates.repo.ts';
import { openSecret } from './secrets.ts';

const REPLAY_WINDOW_S = 300;

/** FixMyStreet's `servicerequestupdates` shape: each update named by the commune's own `update_id`. */
export const ZUpdates = z.object({
  service_request_updates: z
    .array(
      z.object({
        update_id: z.string().min(1).max(200),
        service_request_id: z.string().min(1).max(200),
        status: z.string().min(1).max(100),
        updated_datetime: z.iso.datetime({ offset: true }),
        description: z.string().max(4000).default(''),
      }),
    )
    .min(1)
    .max(500),
});

/** `t=<unix seconds>,v1=<hex>` over "<t>.<body>" with the commune's secret, within 5 minutes of our clock. */
export function signatureHolds(secret: string, header: string | undefined, body: string, now: Date): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > REPLAY_WINDOW_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type ReceiveOutcome =
  | { ok: false; status: 401 | 404 | 422; detail: string }
  | { ok: true; applied: number; duplicates: number; stale: number; unknown: number };

/**
 * Status updates pushed by a Connecté commune's system. Each is kept once per update id (a repeated push changes
 * nothing); one older than the latest applied to its request is kept but not applied (updates may arrive out of
 * order); the others reach the citizen as a message of the commune on the request (timeline and notification).
 */
export async function receiveUpdates(
  services: Services,
  input: { communeSlug: string; signature: string | undefined; rawBody: string },
): Promise<ReceiveOutcome> {
  const commune = await services.tenants.bySlug(input.communeSlug);
  const config = commune && !commune.isTestInstance ? await findConnector(services.db, commune.id) : undefined;
  if (!commune || !config?.enabled)
    return { ok: false, status: 404, detail: 'Aucun connecteur actif pour cette commune.' };
  const now = services.clock.now();
  if (!signatureHolds(openSecret(services, config.secret_sealed), input.signature, input.rawBody, now))
    return { ok: false, status: 401, detail: 'Signature absente, fausse ou hors de la fenêtre de 5 minutes.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.rawBody);
  } catch {
    parsed = null;
  }
  const body = ZUpdates.safeParse(parsed);
  if (!body.success)
    return { ok: false, status: 422, detail: 'Le corps ne suit pas la forme service_request_updates.' };
  const outcome = { ok: true as const, applied: 0, duplicates: 0, stale: 0, unknown: 0 };
  // In the order they happened, whatever the order they were sent in.
  const updates = [...body.data.service_request_updates].sort((a, b) =>
    a.updated_datetime.localeCompare(b.updated_datetime),
  );
  for (const update of updates) {
    const delivery = await findDeliveryByReference(services.db, commune.id, update.service_request_id);
    if (!delivery) {
      outcome.unknown++;
      continue;
    }
    const at = new Date(update.updated_datetime);
    const recorded = await withTenant(services.db, delivery.tenant_id, async (trx) => {
      const latest = await latestAppliedUpdate(trx, delivery.id);
      const id = await insertUpdate(trx, {
        communeTenantId: commune.id,
        deliveryId: delivery.id,
        updateId: update.update_id,
        status: update.status,
        description: update.description,
        at,
        receivedAt: now,
      });
      return { id, stale: !!latest && latest.getTime() > at.getTime() };
    });
    if (!recorded.id) {
      outcome.duplicates++;
      continue;
    }
    if (recorded.stale) {
      outcome.stale++;
      continue;
    }
    const holder = await services.tenants.byId(delivery.tenant_id);
    if (!holder) continue;
    const posted = await postAdministrationMessage(services, {
      holder,
      requestId: delivery.request_id,
      actor: { userId: null, label: `Connecteur de ${commune.name}`, ip: null },
      authorLabel: commune.name,
      body: `Suivi par ${commune.name} : ${update.status}.${update.description ? `\n${update.description}` : ''}`,
    });
    if (posted.ok) {
      await withTenant(services.db, delivery.tenant_id, (trx) => markUpdateApplied(trx, recorded.id ?? ''));
      outcome.applied++;
    }
  }
  return outcome;
}
