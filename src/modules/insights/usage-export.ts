import { type ExportSheet, sheetOf } from '../../platform/exports/index.ts';
import { cellText } from './small-counts.ts';
import { QUARTERS, type UsageTable } from './usage-statistics.ts';

/**
 * A usage table as a sheet: the protected figures as shown on the page ("< 5", "s" kept as text: a spreadsheet
 * summing the column must not turn a secret into a zero).
 */
export function usageSheet(name: string, usage: UsageTable): ExportSheet {
  const { table } = usage;
  const lines = [
    ...usage.rows.map((label, i) => ({ label, cells: table.cells[i] ?? [], total: table.rowTotals[i] })),
    { label: 'Total', cells: table.columnTotals, total: table.total },
  ];
  return sheetOf(
    name,
    [
      { header: usage.rowHeader, value: (l) => l.label },
      ...QUARTERS.map((q, i) => ({
        header: q,
        value: (l: (typeof lines)[number]) => {
          const cell = l.cells[i];
          return cell ? cellText(cell) : '';
        },
      })),
      { header: 'Année', value: (l) => (l.total ? cellText(l.total) : '') },
    ],
    lines,
  );
}
