import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type Database } from '../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedTenants } from '../../src/platform/tenancy/seed-tenants.ts';
import { openTestDatabase } from '../support/test-database.ts';

/**
 * A database no other test file touches. Embedded runs already give each file its own; on PostgreSQL, files share
 * TEST_DATABASE_URL, which tests of whole-database jobs cannot (the inactivity review deletes every dormant account it
 * sees; a worker drains every ready job): they get a database of their own on the same server, dropped at the end.
 */
export async function openIsolatedDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openTestDatabase();
  const name = `communs_iso_${randomBytes(5).toString('hex')}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.href });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const database = await connectDatabase({ url: own.href, maxConnections: 5 });
  await migrateToLatest(database.db);
  await seedTenants(database.db);
  return {
    ...database,
    async close() {
      await database.close();
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
