/**
 * A table ready to export (CSV, ODS): typed columns and rows of plain cells. Modules turn their rows into a sheet with
 * `sheetOf`, then hand it to `toCsv`, `toOds` or `sendExport`; the formats never see a module's own types.
 */
export type ExportCell = string | number | null;

/**
 * How a column's cells are written. `euros` cells hold integer cents (the unit amounts are kept in) and come out as
 * euros; `date` cells hold a calendar date 'YYYY-MM-DD'.
 */
export type ExportColumnType = 'text' | 'integer' | 'decimal' | 'euros' | 'date';

export type ExportColumn = { header: string; type: ExportColumnType };

export type ExportSheet = { name: string; columns: ExportColumn[]; rows: ExportCell[][] };

export type ExportColumnOf<Row> = { header: string; type?: ExportColumnType; value: (row: Row) => ExportCell };

/** Builds a sheet from a module's rows and a description of its columns. */
export function sheetOf<Row>(name: string, columns: Array<ExportColumnOf<Row>>, rows: readonly Row[]): ExportSheet {
  return {
    name,
    columns: columns.map((c) => ({ header: c.header, type: c.type ?? 'text' })),
    rows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A cell checked against its column's type: a wrong cell is a programming error, never silently exported. */
export function checkedCell(cell: ExportCell, type: ExportColumnType): ExportCell {
  if (cell === null || cell === '') return null;
  switch (type) {
    case 'text':
      return String(cell);
    case 'integer':
    case 'euros':
      if (typeof cell !== 'number' || !Number.isSafeInteger(cell))
        throw new TypeError(`expected an integer, got ${String(cell)}`);
      return cell;
    case 'decimal':
      if (typeof cell !== 'number' || !Number.isFinite(cell))
        throw new TypeError(`expected a number, got ${String(cell)}`);
      return cell;
    case 'date':
      if (typeof cell !== 'string' || !CALENDAR_DATE.test(cell))
        throw new TypeError(`expected a date YYYY-MM-DD, got ${String(cell)}`);
      return cell;
  }
}

/** Integer cents as a decimal string of euros, exactly (no floating point): 916000 → "9160.00", -5 → "-0.05". */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
