import { Readable } from 'node:stream';
import type { Services } from '../../platform/services.ts';
import type { ResourceRow } from './opendata.tables.ts';
import { allRows } from './rows.repo.ts';

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A resource's rows as CSV (UTF-8 with a byte-order mark so spreadsheets read the accents, separator `;` as French
 * spreadsheets expect), streamed from the database a batch at a time.
 */
export function csvStream(services: Services, resource: ResourceRow): Readable {
  const names = resource.columns.map((c) => c.name);
  async function* lines() {
    yield `\uFEFF${names.map(csvCell).join(';')}\r\n`;
    for await (const batch of allRows(services.db, resource.id))
      yield batch.map((r) => `${names.map((n) => csvCell(r.props[n])).join(';')}\r\n`).join('');
  }
  return Readable.from(lines());
}

/** A resource's rows as a GeoJSON FeatureCollection, streamed. */
export function geojsonStream(services: Services, resource: ResourceRow): Readable {
  async function* parts() {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const batch of allRows(services.db, resource.id)) {
      const text = batch
        .map((r) => JSON.stringify({ type: 'Feature', id: r.n, geometry: r.geom ?? null, properties: r.props }))
        .join(',');
      yield (first ? '' : ',') + text;
      first = false;
    }
    yield ']}';
  }
  return Readable.from(parts());
}
