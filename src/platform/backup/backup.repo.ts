import { sql } from 'kysely';
import type { Executor } from '../db/tenant-scope.ts';

/** Tables in an order where each comes after those it references, with what a dump and a restore need to know. */
export type TableInfo = {
  name: string;
  /** Columns a restore may write (generated columns are recomputed by the database). */
  columns: string[];
  primaryKey: string[];
  /** Columns referencing the table itself (a test instance referencing its production tenant): parents first. */
  selfReferences: string[];
  /** Sequences behind serial columns, to move past the restored ids. */
  sequences: Array<{ column: string; sequence: string }>;
};

const SKIPPED = new Set(['schema_migration', 'schema_migration_lock']);

export async function describeTables(db: Executor): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`.execute(db);
  const columns = await sql<{ table: string; column: string; generated: string; serial: string | null }>`
    SELECT c.relname AS table, a.attname AS column, a.attgenerated AS generated,
           pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS serial
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const constraints = await sql<{ table: string; type: string; columns: string[]; referenced: string | null }>`
    SELECT c.relname AS table, con.contype AS type,
           array(SELECT a.attname::text FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k) AS columns,
           rc.relname AS referenced
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class rc ON rc.oid = con.confrelid
    WHERE n.nspname = 'public' AND con.contype IN ('p', 'f')`.execute(db);

  const infos = new Map<string, TableInfo & { dependsOn: Set<string> }>();
  for (const { name } of tables.rows) {
    if (SKIPPED.has(name)) continue;
    infos.set(name, { name, columns: [], primaryKey: [], selfReferences: [], sequences: [], dependsOn: new Set() });
  }
  for (const c of columns.rows) {
    const info = infos.get(c.table);
    if (!info) continue;
    if (c.generated === '') info.columns.push(c.column);
    if (c.serial) info.sequences.push({ column: c.column, sequence: c.serial });
  }
  for (const con of constraints.rows) {
    const info = infos.get(con.table);
    if (!info) continue;
    if (con.type === 'p') info.primaryKey = con.columns;
    else if (con.referenced === con.table) info.selfReferences.push(...con.columns);
    else if (con.referenced) info.dependsOn.add(con.referenced);
  }
  // Topological order: a table is listed once everything it references is.
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < infos.size) {
    const ready = [...infos.values()].filter(
      (t) => !placed.has(t.name) && [...t.dependsOn].every((d) => placed.has(d) || !infos.has(d)),
    );
    if (ready.length === 0) throw new Error('circular foreign keys between tables: cannot order the backup');
    for (const { dependsOn: _d, ...table } of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

/** A table's rows as JSON, in a stable order (parents before children for self-references). */
export async function readTableRows(db: Executor, table: TableInfo): Promise<unknown[]> {
  const order = [
    ...table.selfReferences.map((c) => sql`${sql.ref(c)} IS NOT NULL`),
    ...(table.primaryKey.length ? table.primaryKey : table.columns).map((c) => sql.ref(c)),
  ];
  const result = await sql<{ row: unknown }>`
    SELECT to_jsonb(t) AS row FROM ${sql.table(table.name)} t ORDER BY ${sql.join(order)}`.execute(db);
  return result.rows.map((r) => r.row);
}

export async function countRows(db: Executor, table: string): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Writes rows back with their exact types: PostgreSQL itself turns each JSON object into a row of the table. */
export async function insertRows(db: Executor, table: TableInfo, rows: unknown[]): Promise<void> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = JSON.stringify(rows.slice(i, i + 500));
    await sql`
      INSERT INTO ${sql.table(table.name)} (${columns}) OVERRIDING SYSTEM VALUE
      SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.table(table.name)}, ${chunk}::jsonb)`.execute(db);
  }
}

export async function advanceSequences(db: Executor, table: TableInfo): Promise<void> {
  for (const { column, sequence } of table.sequences) {
    await sql`
      SELECT setval(${sequence}::regclass, GREATEST((SELECT max(${sql.ref(column)}) FROM ${sql.table(table.name)}), 1),
                    (SELECT max(${sql.ref(column)}) FROM ${sql.table(table.name)}) IS NOT NULL)`.execute(db);
  }
}
