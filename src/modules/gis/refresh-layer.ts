import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { DatasetWithdrawn } from './dataset-source.ts';
import type { GisLayerRow } from './gis.tables.ts';
import { LayerDataError } from './layer-data.ts';
import { loadLayerSource } from './layer-sources.ts';
import { layersDueForRefresh, recordRefreshFailure, replaceFeatures } from './layers.repo.ts';

export type RefreshOutcome = { ok: true; features: number } | { ok: false; reason: string };

/**
 * Reads a layer's source again and replaces its features; when the source fails, the layer keeps what it had and
 * shows the failure (an unreachable server must not empty the agents' map) — except a dataset withdrawn from the
 * open-data portal or restricted since, whose features leave the map.
 */
export async function refreshLayer(
  services: Services,
  layer: GisLayerRow,
  actor: { actor: AuditActor; tenantId: string } | null,
): Promise<RefreshOutcome> {
  const at = services.clock.now();
  try {
    const data = await loadLayerSource(services, layer);
    await services.db.transaction().execute(async (trx) => {
      await replaceFeatures(trx, layer.id, data.features, at);
      if (actor)
        await recordAudit(trx, {
          actor: actor.actor,
          tenantId: actor.tenantId,
          action: 'gis.layer.refresh',
          target: { type: 'gis_layer', id: layer.id },
          details: { slug: layer.slug, features: data.features.length },
          at,
        });
    });
    return { ok: true, features: data.features.length };
  } catch (error) {
    if (!(error instanceof LayerDataError)) throw error;
    await services.db.transaction().execute(async (trx) => {
      if (error instanceof DatasetWithdrawn) await replaceFeatures(trx, layer.id, [], at);
      await recordRefreshFailure(trx, layer.id, error.message, at);
    });
    return { ok: false, reason: error.message };
  }
}

/** Every layer whose interval has passed, one after the other (the recurring job). */
export async function refreshDueLayers(services: Services): Promise<number> {
  const due = await layersDueForRefresh(services.db, services.clock.now());
  for (const layer of due) await refreshLayer(services, layer, null);
  return due.length;
}
