import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/platform/db/connect.ts';

/**
 * A migrated, seeded database for one test file: a fresh embedded instance loaded from the run's template, or the
 * shared PostgreSQL database of the run (TEST_DATABASE_URL), where every test builds its own tenants.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return connectDatabase({ url, maxConnections: 10 });
  const templatePath = inject('templatePath');
  if (!templatePath) throw new Error('no embedded template: run the tests through vitest');
  const bytes = await readFile(templatePath);
  return connectDatabase({ memory: true, loadDataDir: new Blob([bytes]) });
}

export const onPostgres = () => !!process.env.TEST_DATABASE_URL;
