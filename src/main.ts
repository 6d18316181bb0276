import { readFile } from 'node:fs/promises';
import { MODULES } from './modules.ts';
import path from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DemoRefusedError, demoAccounts, seedDemo } from './demo/seed-demo.ts';
import { BackupError, restoreBackup, writeBackup } from './platform/backup/backup-archive.ts';
import { connectDatabase, type Database } from './platform/db/connect.ts';
import { DataDirLockedError, lockDataDir } from './platform/db/data-dir-lock.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { Worker } from './platform/jobs/worker.ts';
import { createLogger, createServices, type Services } from './platform/services.ts';
import { seedTenants } from './platform/tenancy/seed-tenants.ts';
import { BoundaryImportError, importCommuneBoundaries } from './modules/requests/index.ts';
import {
  AafCommandError,
  formatAafOutcomes,
  importAafFileForCommune,
  parseAafCommandArgs,
} from './modules/school/index.ts';

const USAGE = `Communs — utilisation : communs <commande> [options]

  serve [--web-only]   serveur web (et worker, sauf --web-only en mode PostgreSQL)
  worker               worker seul (mode PostgreSQL)
  migrate              met le schéma de la base à jour
  seed [--demo]        données de référence (métropole, communes) ; --demo ajoute la démonstration
  backup [fichier]     archive complète (base + fichiers), par défaut dans DATA_DIR/backups/
  restore <fichier>    restaure une archive sur une base vide
  import-communes <fichier.geojson>
                       contours des communes (FeatureCollection GeoJSON, WGS 84) pour orienter les demandes
  import-aaf <commune> <complet|delta> <fichier.xml> [--ecole <UAI>]
                       annuaire AAF des écoles ouvertes de la commune (ou de l'une), et son rapport

Variables : DATABASE_URL (sinon base embarquée dans DATA_DIR, ./data par défaut), PORT, SMTP_URL, SESSION_SECRET…`;

type Opened = { config: Config; database: Database; services: Services; release: () => void };

/** Opens the database (taking the embedded lock), migrates it, and builds the services. */
async function open(config: Config): Promise<Opened> {
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  try {
    const database = config.databaseUrl
      ? await connectDatabase({ url: config.databaseUrl })
      : await connectDatabase({ dataDir: path.join(config.dataDir, 'pgdata') });
    await migrateToLatest(database.db, MODULES);
    const services = await createServices({ config, database, modules: MODULES });
    return { config, database, services, release };
  } catch (error) {
    release();
    throw error;
  }
}

async function close(opened: Opened): Promise<void> {
  await opened.services.close();
  await opened.database.close();
  opened.release();
}

/** On an empty database: reference data, and outside production the demo. */
async function seedIfEmpty(opened: Opened): Promise<boolean> {
  const existing = await opened.services.db.selectFrom('tenant').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  if (opened.config.env === 'production') await seedTenants(opened.services.db);
  else await seedDemo(opened.services, opened.config);
  return true;
}

function printWelcome(config: Config, database: Database): void {
  const lines = [
    '',
    `Communs est prêt : ${config.publicUrl}`,
    `  base de données : ${database.kind === 'pglite' ? `embarquée (${path.join(config.dataDir, 'pgdata')})` : 'PostgreSQL'}`,
  ];
  if (config.env !== 'production') {
    lines.push(
      `  comptes de démonstration (mot de passe : ${process.env.DEMO_PASSWORD ? 'celui de DEMO_PASSWORD' : config.demoPassword}) :`,
    );
    for (const account of demoAccounts()) lines.push(`    ${account.email.padEnd(38)} ${account.description}`);
    lines.push(
      `  instances des communes : ${config.publicUrl}/c/givors/ (et /c/givors-test/), /c/venissieux/, /c/rillieux-la-pape/`,
    );
    lines.push(
      `  client OpenID Connect : demo-portal, secret « ${config.identity.demoClientSecret} », retour http://localhost:4000/callback (${config.publicUrl}/identite/kit)`,
    );
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function serve(config: Config, webOnly: boolean): Promise<void> {
  const opened = await open(config);
  const { services, database } = opened;
  await seedIfEmpty(opened);
  const app = await buildApp(services);
  // Embedded mode: web and worker share the one process that may open the database.
  const worker = webOnly && database.kind === 'postgresql' ? null : new Worker(services);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker?.stop();
    await app.close();
    await close(opened);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await app.listen({ port: config.port, host: config.host });
  await worker?.start();
  printWelcome(config, database);
}

async function runWorker(config: Config): Promise<void> {
  if (!config.databaseUrl) {
    throw new DataDirLockedError(
      'En mode embarqué, le worker tourne dans le processus « serve ». Un worker séparé demande PostgreSQL (DATABASE_URL).',
    );
  }
  const opened = await open(config);
  const worker = new Worker(opened.services);
  const stop = async () => {
    await worker.stop();
    await close(opened);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await worker.start();
  opened.services.logger.info({ worker: worker.id }, 'worker started');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config, rest.includes('--web-only'));
    case 'worker':
      return runWorker(config);
    case 'migrate': {
      const opened = await open(config);
      process.stdout.write('Schéma à jour.\n');
      return close(opened);
    }
    case 'seed': {
      const opened = await open(config);
      try {
        if (rest.includes('--demo')) await seedDemo(opened.services, config);
        else await seedTenants(opened.services.db);
        process.stdout.write(
          rest.includes('--demo') ? 'Données de démonstration en place.\n' : 'Métropole et communes à jour.\n',
        );
      } finally {
        await close(opened);
      }
      return;
    }
    case 'backup': {
      const opened = await open(config);
      try {
        const stamp = opened.services.clock.now().toISOString().replace(/[:.]/g, '-');
        const target = rest[0] ?? path.join(config.dataDir, 'backups', `communs-${stamp}.tar.gz`);
        const manifest = await writeBackup(opened.services, target);
        const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
        process.stdout.write(
          `Sauvegarde écrite : ${target} (${manifest.tables.length} tables, ${rows} lignes, ${manifest.files.length} fichiers)\n`,
        );
      } finally {
        await close(opened);
      }
      return;
    }
    case 'restore': {
      if (!rest[0]) throw new BackupError('Indiquez le fichier de sauvegarde : communs restore <fichier>');
      const opened = await open(config);
      try {
        const manifest = await restoreBackup(opened.services, rest[0]);
        process.stdout.write(`Restauration terminée : sauvegarde du ${manifest.createdAt} (${manifest.source}).\n`);
      } finally {
        await close(opened);
      }
      return;
    }
    case 'import-communes': {
      if (!rest[0])
        throw new BoundaryImportError('Indiquez le fichier GeoJSON : communs import-communes <fichier.geojson>');
      const file = rest[0];
      const geojson = await readFile(file, 'utf8')
        .then(
          (text) => JSON.parse(text) as unknown,
          () => {
            throw new BoundaryImportError(`Fichier introuvable ou illisible : ${file}`);
          },
        )
        .catch((error: unknown) => {
          throw error instanceof BoundaryImportError
            ? error
            : new BoundaryImportError(`Ce fichier n'est pas du JSON valide : ${file}`);
        });
      const opened = await open(config);
      try {
        const report = await importCommuneBoundaries(opened.services.db, geojson, {
          source: path.basename(rest[0]),
          at: opened.services.clock.now(),
        });
        process.stdout.write(
          `Contours importés : ${report.imported} communes${
            report.skipped.length
              ? `, ${report.skipped.length} entités ignorées (${report.skipped
                  .slice(0, 5)
                  .map((s) => `n° ${s.index} : ${s.reason}`)
                  .join(' ; ')})`
              : ''
          }.\n`,
        );
      } finally {
        await close(opened);
      }
      return;
    }
    case 'import-aaf': {
      const args = parseAafCommandArgs(rest);
      const opened = await open(config);
      try {
        const outcomes = await importAafFileForCommune(opened.services, args);
        process.stdout.write(formatAafOutcomes(outcomes));
        if (outcomes.some((o) => 'error' in o.report)) process.exitCode = 1;
      } finally {
        await close(opened);
      }
      return;
    }
    default:
      process.stderr.write(`Commande inconnue : ${command}\n\n${USAGE}\n`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // People get a sentence, not a stack trace; unexpected errors are logged in full for the operators.
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof BackupError ||
    error instanceof DemoRefusedError ||
    error instanceof BoundaryImportError ||
    error instanceof AafCommandError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    createLogger(loadConfigSafely()).fatal({ err: error }, 'Communs s’est arrêté sur une erreur inattendue');
  }
  process.exit(1);
});

function loadConfigSafely(): Config {
  try {
    return loadConfig();
  } catch {
    return loadConfig({ NODE_ENV: 'development' });
  }
}
