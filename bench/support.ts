import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { MODULES } from '../src/modules.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';
import { seedTenants } from '../src/platform/tenancy/seed-tenants.ts';

/**
 * The application's services on a database of their own: PostgreSQL when DATABASE_URL is set, else the embedded one
 * in memory, migrated and with the directory of communes; `close` leaves nothing behind.
 */
export async function startBenchServices(env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'banc-d-essai-banc-d-essai-banc-d-essai',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  const database = config.databaseUrl
    ? await connectDatabase({ url: config.databaseUrl, maxConnections: 10 })
    : await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  await seedTenants(database.db);
  const services = await createServices({ config, database, modules: MODULES });
  return {
    config,
    database,
    services,
    close: async () => {
      await services.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The durations in milliseconds of `rounds` calls made one after the other. */
export async function timeRounds(rounds: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await call(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The nearest-rank percentile (0–100) of the samples. */
export function percentile(samples: number[], rank: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1))]!;
}
