import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Services } from '../../platform/services.ts';
import { applyUpdates, type UpdatesOutcome, ZStatusUpdate } from './apply-updates.ts';
import { findConnector } from './connectors.repo.ts';
import { openSecret } from './secrets.ts';

const REPLAY_WINDOW_S = 300;

/** FixMyStreet's `servicerequestupdates` shape: each update named by the commune's own `update_id`. */
export const ZUpdates = z.object({
  service_request_updates: z.array(ZStatusUpdate).min(1).max(500),
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

export type ReceiveOutcome = { ok: false; status: 401 | 404 | 422; detail: string } | ({ ok: true } & UpdatesOutcome);

/**
 * Status updates pushed by a Connecté commune's system, signed with its connector's secret; applied as polled ones
 * are (`applyUpdates`): once per update id, in the order they happened, stale ones kept but not applied.
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
  return { ok: true, ...(await applyUpdates(services, commune, body.data.service_request_updates)) };
}
