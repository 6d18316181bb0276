import { zipSync } from 'fflate';
import {
  centsToDecimal,
  checkedCell,
  type ExportCell,
  type ExportColumnType,
  type ExportSheet,
} from './table-export.ts';

export const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * Sheets as an OpenDocument spreadsheet (ODF 1.3 part 2, packages): a zip whose first entry is `mimetype`, stored
 * uncompressed, so that the media type can be read at byte 38 of the file; then the manifest and content.xml. Cells
 * are typed (numbers, amounts in euros with the currency format, dates), so the spreadsheet computes on them.
 */
export function toOds(sheets: ExportSheet[], options: { generatedAt?: Date } = {}): Uint8Array {
  const mtime = options.generatedAt ?? new Date();
  const encode = (text: string) => new TextEncoder().encode(text);
  return zipSync(
    {
      // Object keys keep their insertion order: mimetype comes first, as the package format requires.
      mimetype: [encode(ODS_MEDIA_TYPE), { level: 0, mtime }],
      'META-INF/manifest.xml': [encode(MANIFEST), { level: 6, mtime }],
      'styles.xml': [encode(STYLES), { level: 6, mtime }],
      'content.xml': [encode(contentXml(sheets)), { level: 6, mtime }],
    },
    {},
  );
}

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
].join(' ');

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODS_MEDIA_TYPE}"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS} office:version="1.3"><office:styles/></office:document-styles>
`;

// Euros as French spreadsheets show them ("9 160,00 €"), dates as DD/MM/YYYY, headers in bold.
const AUTOMATIC_STYLES = `<office:automatic-styles>
  <number:currency-style style:name="N_EUR">
   <number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>
   <number:text> </number:text>
   <number:currency-symbol number:language="fr" number:country="FR">€</number:currency-symbol>
  </number:currency-style>
  <number:date-style style:name="N_DATE">
   <number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>
  </number:date-style>
  <style:style style:name="ce_head" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="ce_eur" style:family="table-cell" style:data-style-name="N_EUR"/>
  <style:style style:name="ce_date" style:family="table-cell" style:data-style-name="N_DATE"/>
 </office:automatic-styles>`;

function contentXml(sheets: ExportSheet[]): string {
  const used = new Set<string>();
  const tables = sheets.map((sheet) => {
    const name = uniqueSheetName(sheet.name, used);
    const header = `<table:table-row>${sheet.columns.map((c) => `<table:table-cell table:style-name="ce_head" office:value-type="string"><text:p>${xml(c.header)}</text:p></table:table-cell>`).join('')}</table:table-row>`;
    const rows = sheet.rows.map(
      (row) =>
        `<table:table-row>${sheet.columns.map((column, i) => cellXml(checkedCell(row[i] ?? null, column.type), column.type)).join('')}</table:table-row>`,
    );
    return `<table:table table:name="${xml(name)}"><table:table-column table:number-columns-repeated="${Math.max(sheet.columns.length, 1)}"/>${header}${rows.join('')}</table:table>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS} office:version="1.3">
 ${AUTOMATIC_STYLES}
 <office:body><office:spreadsheet>${tables.join('')}</office:spreadsheet></office:body>
</office:document-content>
`;
}

function cellXml(cell: ExportCell, type: ExportColumnType): string {
  if (cell === null) return '<table:table-cell/>';
  switch (type) {
    case 'euros': {
      const shown = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(
        (cell as number) / 100,
      );
      return `<table:table-cell table:style-name="ce_eur" office:value-type="currency" office:currency="EUR" office:value="${centsToDecimal(cell as number)}"><text:p>${xml(shown)}</text:p></table:table-cell>`;
    }
    case 'integer':
    case 'decimal':
      return `<table:table-cell office:value-type="float" office:value="${cell}"><text:p>${xml(new Intl.NumberFormat('fr-FR').format(cell as number))}</text:p></table:table-cell>`;
    case 'date': {
      const [y, m, d] = String(cell).split('-');
      return `<table:table-cell table:style-name="ce_date" office:value-type="date" office:date-value="${cell}"><text:p>${d}/${m}/${y}</text:p></table:table-cell>`;
    }
    case 'text':
      return `<table:table-cell office:value-type="string"><text:p>${xml(String(cell))}</text:p></table:table-cell>`;
  }
}

/** Sheet names: no characters spreadsheets refuse ([]*?:/\), at most 31 characters, unique. */
function uniqueSheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]*?:/\\']/g, ' ')
      .trim()
      .slice(0, 31) || 'Feuille';
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, 27)} (${n})`;
  used.add(name);
  return name;
}

/** Text for XML content and attributes; characters XML 1.0 forbids are dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
