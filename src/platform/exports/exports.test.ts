import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { ODS_MEDIA_TYPE, toOds } from './ods.ts';
import { centsToDecimal, sheetOf } from './table-export.ts';

type Line = { commune: string; population: number; amount: number; issued: string; note: string | null };
const LINES: Line[] = [
  {
    commune: 'Givors',
    population: 20_800,
    amount: 916_000,
    issued: '2026-06-01',
    note: 'ligne "Toodego", offre Partenaire',
  },
  {
    commune: 'Sainte-Foy-lès-Lyon',
    population: 22_000,
    amount: -1_005,
    issued: '2026-06-02',
    note: 'remboursement\nprorata',
  },
  { commune: '=HYPERLINK("http://exemple")', population: 1, amount: 5, issued: '2026-06-03', note: null },
];
const sheet = sheetOf<Line>(
  'Titres 2026',
  [
    { header: 'Commune', value: (l) => l.commune },
    { header: 'Population', type: 'integer', value: (l) => l.population },
    { header: 'Montant (€)', type: 'euros', value: (l) => l.amount },
    { header: "Date d'émission", type: 'date', value: (l) => l.issued },
    { header: 'Remarque', value: (l) => l.note },
  ],
  LINES,
);

describe('CSV export (RFC 4180)', () => {
  const csv = toCsv(sheet);

  it('starts with a UTF-8 byte order mark so spreadsheets read the accents', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('Sainte-Foy-lès-Lyon');
  });

  it('ends every record with CRLF, quotes fields holding commas, quotes or line breaks, and doubles quotes', () => {
    const text = csv.toString('utf8').slice(1);
    expect(text.split('\r\n')).toHaveLength(LINES.length + 2);
    expect(text.startsWith("Commune,Population,Montant (€),Date d'émission,Remarque\r\n")).toBe(true);
    expect(text).toContain('Givors,20800,9160.00,2026-06-01,"ligne ""Toodego"", offre Partenaire"\r\n');
    expect(text).toContain('Sainte-Foy-lès-Lyon,22000,-10.05,2026-06-02,"remboursement\nprorata"\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csv.toString('utf8')).toContain(`"'=HYPERLINK(""http://exemple"")",1,0.05,2026-06-03,\r\n`);
  });

  it('refuses a cell that does not match its column type', () => {
    expect(() => toCsv({ name: 'x', columns: [{ header: 'n', type: 'euros' }], rows: [[12.5]] })).toThrow(/integer/);
    expect(() => toCsv({ name: 'x', columns: [{ header: 'd', type: 'date' }], rows: [['1er juin']] })).toThrow(/date/);
  });

  it('writes cents as exact euros', () => {
    expect([0, 7, 100, 916_000, -1, -123_456].map(centsToDecimal)).toEqual([
      '0.00',
      '0.07',
      '1.00',
      '9160.00',
      '-0.01',
      '-1234.56',
    ]);
  });
});

describe('ODS export (OpenDocument spreadsheet)', () => {
  const ods = toOds([sheet, { ...sheet, name: 'Titres 2026' }], { generatedAt: new Date('2026-06-01T08:00:00Z') });
  const files = unzipSync(ods);
  const content = strFromU8(files['content.xml'] as Uint8Array);

  it('is a zip whose first entry is the media type, stored uncompressed, readable at byte 38', () => {
    const view = Buffer.from(ods);
    expect(view.readUInt32LE(0)).toBe(0x04034b50); // local file header
    expect(view.readUInt16LE(8)).toBe(0); // compression method: stored
    const nameLength = view.readUInt16LE(26);
    const extraLength = view.readUInt16LE(28);
    expect(view.subarray(30, 30 + nameLength).toString()).toBe('mimetype');
    expect(extraLength).toBe(0);
    expect(view.subarray(38, 38 + ODS_MEDIA_TYPE.length).toString()).toBe(ODS_MEDIA_TYPE);
  });

  it('declares its parts in the manifest', () => {
    const manifest = strFromU8(files['META-INF/manifest.xml'] as Uint8Array);
    expect(manifest).toContain(`manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODS_MEDIA_TYPE}"`);
    expect(manifest).toContain('manifest:full-path="content.xml"');
    expect(Object.keys(files).sort()).toEqual(['META-INF/manifest.xml', 'content.xml', 'mimetype', 'styles.xml']);
  });

  it('holds well-formed XML with typed cells: numbers, amounts in euros, dates, escaped text', () => {
    expectWellFormed(content);
    expect(content).toContain('<table:table table:name="Titres 2026">');
    expect(content).toContain('<table:table table:name="Titres 2026 (2)">');
    expect(content).toContain('office:value-type="float" office:value="20800"');
    expect(content).toContain('office:value-type="currency" office:currency="EUR" office:value="9160.00"');
    expect(content).toContain('office:value="-10.05"');
    expect(content).toContain('office:value-type="date" office:date-value="2026-06-01"><text:p>01/06/2026</text:p>');
    expect(content).toContain('<text:p>ligne &quot;Toodego&quot;, offre Partenaire</text:p>');
    expect(content).toContain('<text:p>=HYPERLINK(&quot;http://exemple&quot;)</text:p>');
  });

  it('opens with the system unzip, when the machine has one (an implementation other than ours)', () => {
    if (!existsSync('/usr/bin/unzip')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'communs-ods-'));
    const file = path.join(dir, 'titres.ods');
    writeFileSync(file, ods);
    expect(execFileSync('/usr/bin/unzip', ['-t', file]).toString()).toContain('No errors detected');
    expect(execFileSync('/usr/bin/unzip', ['-p', file, 'mimetype']).toString()).toBe(ODS_MEDIA_TYPE);
  });
});

/** A small well-formedness check: every tag closed in order, attributes quoted, entities known. */
function expectWellFormed(document: string): void {
  const stack: string[] = [];
  const body = document.replace(/^<\?xml[^>]*\?>/, '');
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
  expect(body.match(/</g)?.length).toBe(body.match(/>/g)?.length);
}
