import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/platform/db/connect.ts';

/**
 * A migrated, seeded database of its own for one test file: a fresh embedded instance loaded from the run's template,
 * or, with TEST_DATABASE_URL, a PostgreSQL database copied from the run's template database (CREATE DATABASE …
 * TEMPLATE) and dropped at the end. Files never share a database, so a worker in one file never runs another
 * file's jobs, and nothing needs truncating.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return openPostgresCopy(url);
  const templatePath = inject('templatePath');
  if (!templatePath) throw new Error('no embedded template: run the tests through vitest');
  const bytes = await readFile(templatePath);
  return connectDatabase({ memory: true, loadDataDir: new Blob([bytes]) });
}

export const onPostgres = () => !!process.env.TEST_DATABASE_URL;

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminStatement(templateUrl: string, statement: string): Promise<void> {
  const adminUrl = new URL(templateUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openPostgresCopy(templateUrl: string): Promise<Database> {
  const template = decodeURIComponent(new URL(templateUrl).pathname.slice(1));
  const name = `${template}_${randomBytes(5).toString('hex')}`;
  // Two copies of one template at the same instant can collide on the template's lock: try again.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminStatement(
        templateUrl,
        `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`,
      );
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  const database = await connectDatabase({ url: url.toString(), maxConnections: 10 });
  return {
    ...database,
    async close() {
      await database.close();
      await adminStatement(templateUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(
        () => {},
      );
    },
  };
}
