import { fileTypeFromBuffer } from 'file-type';
import { recordAudit, type AuditActor } from '../../platform/audit/audit.repo.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { guardedFetch } from '../../platform/outgoing/guarded-fetch.ts';
import type { Services } from '../../platform/services.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import { loadResourceJob } from './load-resource.job.ts';
import { followerEmails, insertResource, listResources, nextVersion, updateResource } from './opendata.repo.ts';
import type { DatasetRow, ResourceFormat, ResourceRow } from './opendata.tables.ts';

/** The largest file a harvest fetches (an upload is capped lower, by the forms' limit). */
export const MAX_HARVEST_BYTES = 100 * 1024 * 1024;
/** A structure change is announced this long ahead, and the old version is served this long beside the new one. */
export const STRUCTURE_NOTICE_MS = 30 * DAY;

export type ResourceSource =
  { kind: 'upload'; filename: string; bytes: Buffer } | { kind: 'url'; url: string; filename: string };

export type AddResourceOptions = {
  dataset: DatasetRow;
  source: ResourceSource;
  actor: AuditActor;
  /** A structure change: the date the new version takes over (at least 30 days ahead), and what changes. */
  structureChange?: { effectiveAt: Date; note: string } | undefined;
};

/** The format of a file from its first bytes: binary files are refused, JSON is GeoJSON, other text is CSV. */
export async function sniffFormat(bytes: Uint8Array): Promise<ResourceFormat | undefined> {
  if (bytes.length === 0) return undefined;
  const binary = await fileTypeFromBuffer(bytes);
  if (binary) return undefined;
  const text = Buffer.from(bytes.subarray(0, 4096))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  return /^\s*[{[]/.test(text) ? 'geojson' : 'csv';
}

export type AddResourceResult = { ok: true; resource: ResourceRow } | { ok: false; error: string };

/**
 * Adds a file to a dataset, uploaded or harvested from an address, and queues its loading. As a structure change,
 * it takes over at the announced date and the version before it stays served 30 days more; followers are told.
 */
export async function addResource(services: Services, options: AddResourceOptions): Promise<AddResourceResult> {
  const now = services.clock.now();
  const { dataset, source, structureChange } = options;
  if (structureChange && structureChange.effectiveAt.getTime() < now.getTime() + STRUCTURE_NOTICE_MS - DAY)
    return {
      ok: false,
      error: "Un changement de structure s'annonce au moins 30 jours à l'avance : choisissez une date plus lointaine.",
    };
  let stored: { sha256: string; byteSize: number; format: ResourceFormat } | null = null;
  if (source.kind === 'upload') {
    const format = await sniffFormat(source.bytes);
    if (!format) return { ok: false, error: "Le fichier n'est ni un CSV ni un GeoJSON (formats acceptés)." };
    const put = await services.files.put(source.bytes);
    stored = { ...put, format };
  } else if (!/^https?:\/\//.test(source.url)) {
    return { ok: false, error: "L'adresse du fichier doit commencer par http:// ou https://." };
  }
  const resource = await services.db.transaction().execute(async (trx) => {
    const version = await nextVersion(trx, dataset.id);
    const previous = (await listResources(trx, dataset.id)).filter((r) => r.retire_at === null);
    const availableFrom = structureChange?.effectiveAt ?? now;
    const created = await insertResource(trx, {
      tenant_id: dataset.tenant_id,
      dataset_id: dataset.id,
      version,
      format: stored?.format ?? (/\.(geo)?json(\?|$)/i.test(source.filename) ? 'geojson' : 'csv'),
      source_url: source.kind === 'url' ? source.url : null,
      file_sha256: stored?.sha256 ?? null,
      original_name: source.filename.slice(0, 200) || 'donnees',
      media_type: stored?.format === 'geojson' ? 'application/geo+json' : 'text/csv',
      byte_size: stored?.byteSize ?? 0,
      available_from: availableFrom,
      change_note: structureChange?.note ?? '',
      created_at: now,
    });
    if (structureChange) {
      // Both served side by side for 30 days after the switch.
      const retireAt = new Date(structureChange.effectiveAt.getTime() + STRUCTURE_NOTICE_MS);
      for (const old of previous) await updateResource(trx, old.id, { retire_at: retireAt });
      await notifyFollowers(services, trx, dataset, structureChange);
    } else {
      // Same structure, new data: the new file replaces the older ones at once.
      for (const old of previous) await updateResource(trx, old.id, { retire_at: now });
    }
    await services.jobs.enqueue(trx, loadResourceJob, { resourceId: created.id }, { tenantId: dataset.tenant_id });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: dataset.tenant_id,
      action: structureChange ? 'opendata.structure-change-announced' : 'opendata.resource-added',
      target: { type: 'od_dataset', id: dataset.id },
      details: { version, source: source.kind, ...(structureChange ? { effectiveAt: availableFrom } : {}) },
      at: now,
    });
    return created;
  });
  return { ok: true, resource };
}

async function notifyFollowers(
  services: Services,
  trx: Executor,
  dataset: DatasetRow,
  change: { effectiveAt: Date; note: string },
): Promise<void> {
  const date = change.effectiveAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' });
  const link = `${services.config.publicUrl}/donnees/jeux/${dataset.slug}`;
  for (const to of await followerEmails(trx, dataset.id)) {
    await queueEmail(trx, services.jobs, {
      to,
      tenantId: dataset.tenant_id,
      content: {
        subject: `Changement de structure annoncé : ${dataset.title}`,
        greeting: 'Bonjour,',
        signature: dataset.producer_name || 'Le portail open data',
        paragraphs: [
          `La structure du jeu de données « ${dataset.title} », que vous suivez, change le ${date}.`,
          change.note ? `Ce qui change : ${change.note}` : 'Le producteur décrit le changement sur la page du jeu.',
          "L'ancienne version restera servie 30 jours après cette date, à côté de la nouvelle, que vous pouvez déjà télécharger.",
        ],
        action: { label: 'Voir le jeu de données', url: link },
      },
    });
  }
}

/** Fetches a harvested file (through the outgoing-call guard), stores it, and returns what to load. */
export async function harvest(services: Services, resource: ResourceRow): Promise<ResourceRow | string> {
  if (!resource.source_url) return 'Aucune adresse à moissonner.';
  let response: Response;
  try {
    response = await guardedFetch(services.config.outgoingAllowedAddresses)(resource.source_url, {
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    return `Le fichier n'a pas pu être récupéré à l'adresse ${resource.source_url}.`;
  }
  if (!response.ok || !response.body)
    return `L'adresse ${resource.source_url} a répondu ${response.status} : le fichier n'a pas été récupéré.`;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > MAX_HARVEST_BYTES) return 'Le fichier moissonné dépasse 100 Mo.';
    chunks.push(Buffer.from(chunk));
  }
  const bytes = Buffer.concat(chunks, total);
  const format = await sniffFormat(bytes);
  if (!format) return "Le fichier moissonné n'est ni un CSV ni un GeoJSON.";
  const { sha256, byteSize } = await services.files.put(bytes);
  const values = {
    file_sha256: sha256,
    byte_size: byteSize,
    format,
    media_type: format === 'geojson' ? 'application/geo+json' : 'text/csv',
  };
  await updateResource(services.db, resource.id, values);
  return { ...resource, ...values, byte_size: String(byteSize) };
}
