import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import chardet from 'chardet';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { ColumnInfo } from './opendata.tables.ts';
import type { LoadedRow } from './rows.repo.ts';

/** The encodings a French CSV comes in; Latin-1 is read as its superset Windows-1252 (€, œ, curly quotes). */
export function detectEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Valid UTF-8 is UTF-8, whatever a statistical guess says about a short sample.
  if (isUtf8(head)) return 'utf-8';
  const guess = (chardet.detect(head) ?? '').toLowerCase();
  if (guess.startsWith('utf-16')) return guess;
  return 'windows-1252';
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    // A sample may end inside a character: drop up to three trailing bytes of an incomplete sequence.
    let end = bytes.length;
    for (let back = 1; back <= 3 && end - back >= 0; back++) {
      const b = bytes[end - back]!;
      if ((b & 0xc0) === 0xc0) {
        end -= back;
        break;
      }
      if ((b & 0x80) === 0) break;
    }
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** The separator of the header line: the candidate found most often outside quotes. */
export function detectDelimiter(text: string): string {
  const candidates = [';', ',', '\t', '|'];
  const counts = new Map(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [c, n] of counts)
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  return best;
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const LAT = /^(lat|latitude|y_wgs84|wgs84_lat)$/i;
const LON = /^(lon|lng|long|longitude|x_wgs84|wgs84_lon)$/i;
const TIME = /(date|jour|horodat|datetime|time)/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export type ParsedTable = { columns: ColumnInfo[]; timeColumn: string | null; hasGeometry: boolean };

/** What is learnt about the columns while the rows stream by. */
class ColumnTracker {
  private numeric: boolean[] = [];
  private dates: boolean[] = [];
  constructor(readonly names: string[]) {
    this.numeric = names.map(() => true);
    this.dates = names.map((n) => TIME.test(n));
  }
  see(props: Record<string, unknown>): void {
    this.names.forEach((name, i) => {
      const value = props[name];
      if (value === null || value === undefined || value === '') return;
      const text = String(value);
      if (typeof value !== 'number' && !NUMBER.test(text)) this.numeric[i] = false;
      if (this.dates[i] && !ISO_DATE.test(text)) this.dates[i] = false;
    });
  }
  columns(): ColumnInfo[] {
    return this.names.map((name, i) => ({ name, numeric: this.numeric[i]! }));
  }
  timeColumn(): string | null {
    return this.names.find((_, i) => this.dates[i]) ?? null;
  }
}

function timeOf(props: Record<string, unknown>, column: string | null): Date | null {
  if (!column) return null;
  const value = props[column];
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function candidateTimeColumn(names: string[]): string | null {
  return names.find((n) => TIME.test(n)) ?? null;
}

/** The bounding box of a GeoJSON geometry, or null when it has no coordinates. */
export function geometryBbox(geometry: unknown): [number, number, number, number] | null {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      minx = Math.min(minx, c[0]);
      maxx = Math.max(maxx, c[0]);
      miny = Math.min(miny, c[1]);
      maxy = Math.max(maxy, c[1]);
      return;
    }
    for (const child of c) visit(child);
  };
  const g = geometry as { coordinates?: unknown; geometries?: unknown[] } | null;
  if (!g || typeof g !== 'object') return null;
  if (Array.isArray(g.geometries)) {
    for (const child of g.geometries) {
      const box = geometryBbox(child);
      if (box) {
        visit([box[0], box[1]]);
        visit([box[2], box[3]]);
      }
    }
  } else visit(g.coordinates);
  return Number.isFinite(minx) ? [minx, miny, maxx, maxy] : null;
}

export class IngestError extends Error {}

export type IngestOptions = {
  path: string;
  format: 'csv' | 'geojson';
  batchSize?: number;
  /** Receives each batch of rows, and how many bytes of the file have been read so far. */
  onBatch: (rows: LoadedRow[], bytesRead: number) => Promise<void>;
};

export type IngestResult = ParsedTable & {
  rowCount: number;
  encoding: string | null;
  delimiter: string | null;
  bbox: [number, number, number, number] | null;
};

async function readHead(path: string, size = 65_536): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: size - 1 })) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, total);
}

/** What a file read to its end says of itself: the same summary for CSV and GeoJSON. */
function summary(
  tracker: ColumnTracker,
  box: BoxAccumulator,
  timeColumn: string | null,
  rowCount: number,
  format: { encoding: string; delimiter: string | null },
): IngestResult {
  // A time column guessed from the header holds only if its values stayed dates to the end.
  const finalTime = tracker.timeColumn();
  return {
    columns: tracker.columns(),
    timeColumn: finalTime === timeColumn ? timeColumn : null,
    hasGeometry: box.bbox() !== null,
    rowCount,
    ...format,
    bbox: box.bbox(),
  };
}

/** Reads a CSV or GeoJSON file into rows, a batch at a time: a large CSV is never held in memory whole. */
export async function ingestFile(options: IngestOptions): Promise<IngestResult> {
  return options.format === 'csv' ? ingestCsv(options) : ingestGeoJson(options);
}

async function ingestCsv(options: IngestOptions): Promise<IngestResult> {
  const head = await readHead(options.path);
  const encoding = detectEncoding(head);
  const delimiter = detectDelimiter(iconv.decode(head, encoding));
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const parser = createReadStream(options.path)
    .pipe(counter)
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let tracker: ColumnTracker | null = null;
  let latIndex = -1;
  let lonIndex = -1;
  let timeColumn: string | null = null;
  let batch: LoadedRow[] = [];
  let n = 0;
  const box = new BoxAccumulator();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!tracker) {
        const names = uniqueNames(record);
        tracker = new ColumnTracker(names);
        latIndex = names.findIndex((c) => LAT.test(c));
        lonIndex = names.findIndex((c) => LON.test(c));
        timeColumn = candidateTimeColumn(names);
        continue;
      }
      const props: Record<string, unknown> = {};
      tracker.names.forEach((name, i) => (props[name] = record[i] ?? ''));
      tracker.see(props);
      let geom: unknown = null;
      let bbox: [number, number, number, number] | null = null;
      if (latIndex >= 0 && lonIndex >= 0) {
        const lat = Number(String(record[latIndex] ?? '').replace(',', '.'));
        const lon = Number(String(record[lonIndex] ?? '').replace(',', '.'));
        if (record[latIndex] && record[lonIndex] && Number.isFinite(lat) && Number.isFinite(lon)) {
          geom = { type: 'Point', coordinates: [lon, lat] };
          bbox = [lon, lat, lon, lat];
          box.add(bbox);
        }
      }
      batch.push({ n: ++n, props, geom, bbox, dt: timeOf(props, timeColumn) });
      if (batch.length >= (options.batchSize ?? 500)) {
        await options.onBatch(batch, bytesRead);
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_'))
      throw new IngestError(`Le fichier CSV est mal formé (ligne ${n + 2}) : ${error.message}`);
    throw error;
  }
  if (!tracker) throw new IngestError("Le fichier CSV est vide : il n'a même pas de ligne d'en-tête.");
  await options.onBatch(batch, bytesRead);
  return summary(tracker, box, timeColumn, n, { encoding, delimiter });
}

function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() || `colonne_${i + 1}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count ? `${base}_${count + 1}` : base;
  });
}

class BoxAccumulator {
  private box: [number, number, number, number] | null = null;
  add(b: [number, number, number, number]): void {
    if (!this.box) this.box = [...b];
    else
      this.box = [
        Math.min(this.box[0], b[0]),
        Math.min(this.box[1], b[1]),
        Math.max(this.box[2], b[2]),
        Math.max(this.box[3], b[3]),
      ];
  }
  bbox(): [number, number, number, number] | null {
    return this.box;
  }
}

async function ingestGeoJson(options: IngestOptions): Promise<IngestResult> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(options.path);
  let document: unknown;
  try {
    document = JSON.parse(iconv.decode(bytes, 'utf-8'));
  } catch {
    throw new IngestError("Le fichier GeoJSON n'est pas du JSON valide.");
  }
  const collection = document as { type?: unknown; features?: unknown };
  const features =
    collection.type === 'FeatureCollection' && Array.isArray(collection.features)
      ? collection.features
      : collection.type === 'Feature'
        ? [collection]
        : null;
  if (!features) throw new IngestError("Le fichier GeoJSON n'est ni une FeatureCollection ni une Feature.");
  const names: string[] = [];
  for (const f of features.slice(0, 1000) as Array<{ properties?: Record<string, unknown> | null }>)
    for (const key of Object.keys(f?.properties ?? {})) if (!names.includes(key)) names.push(key);
  const tracker = new ColumnTracker(names);
  const timeColumn = candidateTimeColumn(names);
  const box = new BoxAccumulator();
  let batch: LoadedRow[] = [];
  let n = 0;
  for (const raw of features as Array<{ type?: unknown; geometry?: unknown; properties?: unknown }>) {
    if (!raw || raw.type !== 'Feature')
      throw new IngestError(`L'élément n° ${n + 1} du fichier GeoJSON n'est pas une Feature.`);
    const props =
      raw.properties && typeof raw.properties === 'object' ? (raw.properties as Record<string, unknown>) : {};
    tracker.see(props);
    const bbox = geometryBbox(raw.geometry);
    if (bbox) box.add(bbox);
    batch.push({ n: ++n, props, geom: raw.geometry ?? null, bbox, dt: timeOf(props, timeColumn) });
    if (batch.length >= (options.batchSize ?? 500)) {
      await options.onBatch(batch, Math.round((bytes.length * n) / features.length));
      batch = [];
    }
  }
  await options.onBatch(batch, bytes.length);
  return summary(tracker, box, timeColumn, n, { encoding: 'utf-8', delimiter: null });
}
