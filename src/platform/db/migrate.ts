import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { DB } from './schema.ts';
import { migrations } from './migrations/index.ts';

/**
 * Brings the schema up to date. Kysely takes an advisory lock around the run, so several processes starting at
 * once on PostgreSQL apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function latestMigrationName(): string {
  const names = Object.keys(migrations).sort();
  return names[names.length - 1] ?? '';
}
