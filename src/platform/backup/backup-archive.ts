import { filesInUse } from '../files/files-in-use.ts';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { latestMigrationName } from '../db/migrate.ts';
import type { Services } from '../services.ts';
import { advanceSequences, countRows, describeTables, insertRows, readTableRows } from './backup.repo.ts';

export const BACKUP_FORMAT = 'communs-backup/1';

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  schema: string;
  source: 'pglite' | 'postgresql';
  tables: Array<{ name: string; rows: number; sha256: string }>;
  files: string[];
};

export class BackupError extends Error {}

/**
 * Writes a consistent archive of all data: every table read in one REPEATABLE READ snapshot (one point in time even
 * while the site runs), plus every stored file those rows reference (a `stored_file` row, or a module's hash:
 * `filesInUse`). Files are content-addressed and never modified,
 * so copying them after the snapshot is still consistent with it.
 */
export async function writeBackup(services: Services, target: string): Promise<BackupManifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'communs-backup-'));
  try {
    await mkdir(path.join(work, 'tables'));
    await mkdir(path.join(work, 'files'));
    const { tables, hashes } = await services.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`SET TRANSACTION READ ONLY`.execute(trx);
        // Timestamps written in one zone whatever the server's, so two archives of the same data are the same bytes.
        await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
        const described = await describeTables(trx);
        const written: BackupManifest['tables'] = [];
        for (const table of described) {
          const rows = await readTableRows(trx, table);
          const content = rows.map((r) => JSON.stringify(r)).join('\n');
          await writeFile(path.join(work, 'tables', `${table.name}.jsonl`), content);
          written.push({
            name: table.name,
            rows: rows.length,
            sha256: createHash('sha256').update(content).digest('hex'),
          });
        }
        return { tables: written, hashes: [...(await filesInUse(services, trx))].sort() };
      });
    const files: string[] = [];
    for (const sha256 of hashes) {
      const bytes = await services.files.get(sha256);
      if (!bytes) throw new BackupError(`Fichier ${sha256} référencé en base mais absent du stockage.`);
      await writeFile(path.join(work, 'files', sha256), bytes);
      files.push(sha256);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: services.clock.now().toISOString(),
      schema: latestMigrationName(services.modules),
      source: services.database.kind,
      tables,
      files,
    };
    await writeFile(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await mkdir(path.dirname(path.resolve(target)), { recursive: true });
    await tar.create({ gzip: true, file: target, cwd: work, portable: true }, ['manifest.json', 'tables', 'files']);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Restores an archive onto an empty, migrated database (embedded or PostgreSQL, whichever made the archive), in one
 * transaction: it all lands, or nothing does. Refuses a non-empty database rather than merge into it.
 */
export async function restoreBackup(services: Services, source: string): Promise<BackupManifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'communs-restore-'));
  try {
    await tar.extract({ file: source, cwd: work, strict: true });
    const manifest = JSON.parse(await readFile(path.join(work, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT)
      throw new BackupError(`Format de sauvegarde inconnu : ${String(manifest.format)}.`);
    if (manifest.schema !== latestMigrationName(services.modules)) {
      throw new BackupError(
        `La sauvegarde a été faite au schéma ${manifest.schema}, la base est au schéma ${latestMigrationName(services.modules)} : restaurez avec la version de Communs qui l'a produite.`,
      );
    }
    for (const sha256 of await readdir(path.join(work, 'files'))) {
      const bytes = await readFile(path.join(work, 'files', sha256));
      const stored = await services.files.put(bytes);
      if (stored.sha256 !== sha256) throw new BackupError(`Le fichier ${sha256} de la sauvegarde est corrompu.`);
    }
    await services.db.transaction().execute(async (trx) => {
      const tables = await describeTables(trx);
      for (const table of tables) {
        if (table.name !== 'platform_setting' && (await countRows(trx, table.name)) > 0) {
          throw new BackupError(
            `La base n'est pas vide (table ${table.name}) : la restauration se fait sur une base vierge.`,
          );
        }
      }
      // The generated cookie secret of a fresh database is replaced by the archive's.
      await sql`DELETE FROM platform_setting`.execute(trx);
      const known = new Map(tables.map((t) => [t.name, t]));
      for (const entry of manifest.tables) {
        const table = known.get(entry.name);
        if (!table) throw new BackupError(`Table inconnue dans la sauvegarde : ${entry.name}.`);
        const content = await readFile(path.join(work, 'tables', `${entry.name}.jsonl`), 'utf8');
        if (createHash('sha256').update(content).digest('hex') !== entry.sha256) {
          throw new BackupError(`La table ${entry.name} de la sauvegarde est corrompue.`);
        }
        const rows = content ? content.split('\n').map((line) => JSON.parse(line) as unknown) : [];
        await insertRows(trx, table, rows);
        await advanceSequences(trx, table);
      }
    });
    services.tenants.invalidate();
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
