import { mkdtemp, writeFile } from 'node:fs/promises';
import { MODULES } from '../../src/modules.ts';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedTenants } from '../../src/platform/tenancy/seed-tenants.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Embedded mode: a gzip dump of a migrated, seeded database that each test file loads (about 0.6 s). */
    templatePath: string | null;
  }
}

/**
 * Prepares the database once for the whole run: migrations and reference data (the metropolis and its communes).
 * Tests then build their own tenants and users (test/factories.ts) and never truncate, so files run in parallel.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const database = await connectDatabase({ url });
    await migrateToLatest(database.db, MODULES);
    await seedTenants(database.db);
    await database.close();
    project.provide('templatePath', null);
    return;
  }
  const database = await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  await seedTenants(database.db);
  const dump = await database.dumpDataDir?.();
  await database.close();
  if (!dump) throw new Error('embedded database cannot be dumped');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'communs-test-'));
  const templatePath = path.join(dir, 'template.tar.gz');
  await writeFile(templatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide('templatePath', templatePath);
}
