/**
 * Statistical secrecy for the usage tables (T13, P3): a count below the threshold is never shown, and no shown figure
 * lets a reader work it out again.
 *
 * A table is rows × columns of counts with its totals (each row's, each column's, the grand total). A cell from 1 to
 * threshold − 1 is hidden as "< 5" (primary secrecy). Each row and each column, totals included, is an equation
 * (the cells add up to the total): if it holds exactly one hidden figure, that figure is the total minus the others,
 * so a second figure of that equation is hidden too (secondary secrecy, shown "s"): the smallest one still shown,
 * a non-zero one first. This repeats until no equation holds a lone hidden figure. Zero is shown: it says no one used
 * the service, which concerns no person. Totals are never rounded: what is shown is exact, what is hidden is hidden.
 */
export const SMALL_COUNT_THRESHOLD = 5;

export type Secrecy = 'shown' | 'small' | 'secondary';

export type Cell = { value: number; secrecy: Secrecy };

export type ProtectedTable = {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
};

/** How a protected cell reads: its number, "< 5", or "s". */
export function cellText(cell: Cell, format: (n: number) => string = String): string {
  if (cell.secrecy === 'small') return `< ${SMALL_COUNT_THRESHOLD}`;
  if (cell.secrecy === 'secondary') return 's';
  return format(cell.value);
}

/** Hides small counts in a table of counts and whatever would give them away through the totals. */
export function protectSmallCounts(counts: number[][], threshold = SMALL_COUNT_THRESHOLD): ProtectedTable {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  // The extended grid: the last column holds the row totals, the last row the column totals and the grand total.
  const grid: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalsRow = Array.from({ length: columns + 1 }, (_, j) => grid.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  grid.push(totalsRow);
  const secrecy: Secrecy[][] = grid.map((row) =>
    row.map((value) => (value > 0 && value < threshold ? 'small' : 'shown')),
  );
  // Every equation of the grid: each row (its cells and its total), each column (its cells and its total).
  const equations: Array<Array<[number, number]>> = [
    ...Array.from({ length: rows + 1 }, (_, i) =>
      Array.from({ length: columns + 1 }, (_, j): [number, number] => [i, j]),
    ),
    ...Array.from({ length: columns + 1 }, (_, j) =>
      Array.from({ length: rows + 1 }, (_, i): [number, number] => [i, j]),
    ),
  ];
  const hidden = (i: number, j: number) => secrecy[i]?.[j] !== 'shown';
  for (let changed = true; changed;) {
    changed = false;
    for (const equation of equations) {
      if (equation.filter(([i, j]) => hidden(i, j)).length !== 1) continue;
      const candidates = equation
        .filter(([i, j]) => !hidden(i, j))
        .sort(([ai, aj], [bi, bj]) => rank(grid[ai]?.[aj] ?? 0) - rank(grid[bi]?.[bj] ?? 0));
      const chosen = candidates[0];
      if (!chosen) continue;
      const row = secrecy[chosen[0]];
      if (row) row[chosen[1]] = 'secondary';
      changed = true;
    }
  }
  const cellAt = (i: number, j: number): Cell => ({ value: grid[i]?.[j] ?? 0, secrecy: secrecy[i]?.[j] ?? 'shown' });
  return {
    cells: Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => cellAt(i, j))),
    rowTotals: Array.from({ length: rows }, (_, i) => cellAt(i, columns)),
    columnTotals: Array.from({ length: columns }, (_, j) => cellAt(rows, j)),
    total: cellAt(rows, columns),
  };
}

/** The order in which a figure is chosen to hide beside a small one: the smallest non-zero first, zeros last. */
const rank = (value: number) => (value === 0 ? Number.MAX_SAFE_INTEGER : value);
