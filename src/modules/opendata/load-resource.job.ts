import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import type { Services } from '../../platform/services.ts';
import { harvest } from './add-resource.ts';
import { IngestError, ingestFile } from './ingest.ts';
import { findDatasetById, findResource, servedResources, updateDataset, updateResource } from './opendata.repo.ts';
import { deleteRows, insertRows } from './rows.repo.ts';

/**
 * Loads a resource's file into rows, in batches, noting how far it got so the progress page can show it. A retry
 * starts again from an empty table: the rows a failed attempt wrote are deleted first.
 */
export async function loadResource(services: Services, resourceId: string): Promise<void> {
  let resource = await findResource(services.db, resourceId);
  if (!resource || resource.status === 'ready') return;
  if (!resource.file_sha256) {
    const harvested = await harvest(services, resource);
    if (typeof harvested === 'string') {
      await updateResource(services.db, resource.id, { status: 'failed', error: harvested });
      return;
    }
    resource = harvested;
  }
  if (!resource.file_sha256) return;
  await deleteRows(services.db, resource.id);
  await updateResource(services.db, resource.id, { status: 'loading', processed_bytes: 0, error: null });
  try {
    const result = await ingestFile({
      path: services.files.pathOf(resource.file_sha256),
      format: resource.format,
      onBatch: async (rows, bytesRead) => {
        await services.db.transaction().execute(async (trx) => {
          await insertRows(trx, resource.id, rows);
          await updateResource(trx, resource.id, { processed_bytes: bytesRead });
        });
      },
    });
    const now = services.clock.now();
    await services.db.transaction().execute(async (trx) => {
      await updateResource(trx, resource.id, {
        status: 'ready',
        columns: JSON.stringify(result.columns),
        time_column: result.timeColumn,
        row_count: result.rowCount,
        has_geometry: result.hasGeometry,
        bbox: result.bbox,
        encoding: result.encoding,
        delimiter: result.delimiter,
        processed_bytes: Number(resource.byte_size),
        loaded_at: now,
      });
      await refreshDatasetData(trx, resource.dataset_id, now);
    });
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    await deleteRows(services.db, resource.id);
    await updateResource(services.db, resource.id, { status: 'failed', error: error.message });
  }
}

/** After a load: the dataset's data was updated now, and its formats and geometry follow the versions served. */
async function refreshDatasetData(
  db: Parameters<typeof servedResources>[0],
  datasetId: string,
  now: Date,
): Promise<void> {
  const dataset = await findDatasetById(db, datasetId);
  if (!dataset) return;
  const served = await servedResources(db, datasetId, now);
  await updateDataset(db, datasetId, {
    data_updated_at: now,
    late_since: null,
    formats: [...new Set(served.flatMap((r) => (r.has_geometry ? ['CSV', 'GeoJSON'] : ['CSV'])))].sort(),
    has_geometry: served.some((r) => r.has_geometry),
  });
}

export const loadResourceJob = defineJob({
  name: 'opendata.load-resource',
  schema: z.object({ resourceId: z.string() }),
  maxAttempts: 3,
  async handler({ resourceId }, { services }) {
    await loadResource(services, resourceId);
  },
});
