import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { DB } from './schema.ts';
import type { Migration } from 'kysely/migration';
import { PLATFORM_MIGRATIONS } from './migrations/index.ts';
import type { AppModule } from '../app-module/app-module.ts';

/** The platform's migrations and every module's, by name (their names give their order). */
export function migrationsOf(modules: readonly AppModule<unknown>[]): Record<string, Migration> {
  const all: Record<string, Migration> = { ...PLATFORM_MIGRATIONS };
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (all[name]) throw new Error(`migration ${name} listed twice (module ${module.name})`);
      all[name] = migration;
    }
  }
  return all;
}

/**
 * Brings the schema up to date. Kysely takes an advisory lock around the run, so several processes starting at
 * once on PostgreSQL apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<DB>, modules: readonly AppModule<unknown>[]): Promise<string[]> {
  const migrations = migrationsOf(modules);
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

export function latestMigrationName(modules: readonly AppModule<unknown>[]): string {
  const names = Object.keys(migrationsOf(modules)).sort();
  return names[names.length - 1] ?? '';
}
