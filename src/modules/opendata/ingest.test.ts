import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, ingestFile } from './ingest.ts';
import type { LoadedRow } from './rows.repo.ts';

// CSV as French producers really send it: BOM, semicolons, Windows-1252, quoted newlines (issue 19 §2, §9).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'od-ingest-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function ingest(name: string, bytes: Buffer, format: 'csv' | 'geojson' = 'csv') {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const rows: LoadedRow[] = [];
  const result = await ingestFile({
    path: file,
    format,
    batchSize: 2,
    onBatch: async (batch) => void rows.push(...batch),
  });
  return { result, rows };
}

describe('CSV loading (issue 19 §2, §9)', () => {
  it('reads a UTF-8 file with a byte-order mark: the first column is named without it', async () => {
    const { result, rows } = await ingest('bom.csv', Buffer.from('\uFEFFnom,ville\nÉcole,Écully\n'));
    expect(result.encoding).toBe('utf-8');
    expect(result.columns.map((c) => c.name)).toEqual(['nom', 'ville']);
    expect(rows[0]!.props).toEqual({ nom: 'École', ville: 'Écully' });
  });

  it('detects the semicolon separator, and a comma inside a field does not split it', async () => {
    const { result, rows } = await ingest(
      'semi.csv',
      Buffer.from('libelle;montant\n"Études, conseils";12,5\nLoyers;300\n'),
    );
    expect(result.delimiter).toBe(';');
    expect(rows.map((r) => r.props.libelle)).toEqual(['Études, conseils', 'Loyers']);
  });

  it('decodes Windows-1252 (accents, €, œ) into proper text', async () => {
    const bytes = iconv.encode('désignation;coût\nŒuvre d’art;1 200 €\nPréfecture;30 €\n', 'windows-1252');
    const { result, rows } = await ingest('cp1252.csv', bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(result.columns.map((c) => c.name)).toEqual(['désignation', 'coût']);
    expect(rows[0]!.props).toEqual({ désignation: 'Œuvre d’art', coût: '1 200 €' });
  });

  it('keeps a quoted field spanning several lines as one value', async () => {
    const { result, rows } = await ingest(
      'newline.csv',
      Buffer.from('id,adresse\n1,"12 rue Neuve\nBâtiment B"\n2,"Place X"\n'),
    );
    expect(result.rowCount).toBe(2);
    expect(rows[0]!.props.adresse).toBe('12 rue Neuve\nBâtiment B');
  });

  it('turns latitude/longitude columns into points, types numeric columns, and finds the date column', async () => {
    const { result, rows } = await ingest(
      'geo.csv',
      Buffer.from('nom;latitude;longitude;date_maj\nA;45.75;4.85;2026-01-15\nB;;;2026-02-01\n'),
    );
    expect(rows[0]!.geom).toEqual({ type: 'Point', coordinates: [4.85, 45.75] });
    expect(rows[1]!.geom).toBeNull();
    expect(result.hasGeometry).toBe(true);
    expect(result.bbox).toEqual([4.85, 45.75, 4.85, 45.75]);
    expect(result.columns.find((c) => c.name === 'latitude')?.numeric).toBe(true);
    expect(result.columns.find((c) => c.name === 'nom')?.numeric).toBe(false);
    expect(result.timeColumn).toBe('date_maj');
  });

  it('says in French what is wrong with a malformed CSV', async () => {
    await expect(ingest('bad.csv', Buffer.from('a,b\n"unclosed,1\n'))).rejects.toThrow(/CSV est mal formé/);
  });

  it('detection helpers: tab and pipe separators, UTF-8 without BOM', () => {
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('"x;y",b,c')).toBe(',');
    expect(detectEncoding(Buffer.from('prénom;âge'))).toBe('utf-8');
  });
});

describe('GeoJSON loading (issue 19 §2)', () => {
  it('reads features with their geometry and bounding box', async () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [4.8, 45.7],
                [4.9, 45.7],
                [4.9, 45.8],
                [4.8, 45.7],
              ],
            ],
          },
          properties: { nom: 'Zone' },
        },
        { type: 'Feature', geometry: null, properties: { nom: 'Sans géométrie' } },
      ],
    };
    const { result, rows } = await ingest('zones.geojson', Buffer.from(JSON.stringify(doc)), 'geojson');
    expect(result.rowCount).toBe(2);
    expect(rows[0]!.bbox).toEqual([4.8, 45.7, 4.9, 45.8]);
    expect(rows[1]!.geom).toBeNull();
  });

  it('refuses JSON that is not GeoJSON', async () => {
    await expect(ingest('x.geojson', Buffer.from('{"a":1}'), 'geojson')).rejects.toThrow(/ni une FeatureCollection/);
  });
});
