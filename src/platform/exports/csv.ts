import { centsToDecimal, checkedCell, type ExportSheet } from './table-export.ts';

const BOM = '\uFEFF';

/**
 * One sheet as CSV following RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote
 * or a line break, quotes doubled. A UTF-8 byte order mark comes first so that spreadsheet software reads accents
 * correctly. Numbers use a dot as decimal separator (the file is for machines and imports; people get the ODS file,
 * whose cells are typed). Amounts in euros with two decimals, dates as YYYY-MM-DD.
 */
export function toCsv(sheet: ExportSheet): Buffer {
  const lines = [sheet.columns.map((c) => quote(c.header))];
  for (const row of sheet.rows) {
    lines.push(
      sheet.columns.map((column, i) => {
        const cell = checkedCell(row[i] ?? null, column.type);
        if (cell === null) return '';
        if (column.type === 'euros') return centsToDecimal(cell as number);
        if (column.type === 'text') return quote(defuseFormula(String(cell)));
        return quote(String(cell));
      }),
    );
  }
  return Buffer.from(BOM + lines.map((fields) => `${fields.join(',')}\r\n`).join(''), 'utf8');
}

/**
 * A text starting with = + - @ or a control character would be run as a formula by spreadsheet software (OWASP "CSV
 * injection"): such a text is prefixed with an apostrophe, which spreadsheets show as plain text.
 */
function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
