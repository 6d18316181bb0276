import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgresql';

/**
 * One handle for both back ends. The application only ever sees Kysely over a `pg.Pool`: in embedded mode the
 * pool talks to PGlite through its node-postgres adapter, so query results have exactly the types production has.
 */
export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** PostgreSQL: the connection string (a module may open a pool of its own with other session settings). */
  url?: string;
  /** Subscribe to NOTIFY on a channel; the returned function unsubscribes. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Embedded only: the whole data directory as a gzip tarball (the test suite's migrated template). */
  dumpDataDir?: () => Promise<Blob>;
};

export type ConnectOptions =
  { url: string; maxConnections?: number } | { dataDir: string } | { memory: true; loadDataDir?: Blob };

// int8 (counts, bigserial ids) stays a string as pg returns it; `date` stays a plain 'YYYY-MM-DD' string,
// because turning a calendar date into a JS Date at local midnight shifts it by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  if ('url' in options) return connectPostgres(options.url, options.maxConnections ?? 10);
  return connectPglite(options);
}

async function connectPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners: pg.Client[] = [];
  return {
    db,
    kind: 'postgresql',
    url,
    async listen(channel, onNotify) {
      // LISTEN needs a connection of its own that stays open; pooled connections come and go.
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await db.destroy();
    },
  };
}

async function connectPglite(options: { dataDir: string } | { memory: true; loadDataDir?: Blob }): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const extensions = { unaccent, pg_trgm };
  const pglite =
    'dataDir' in options
      ? await PGlite.create(options.dataDir, { extensions })
      : await PGlite.create({ extensions, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onNotify) {
      // PGlite delivers NOTIFY natively after commit; its single connection cannot be lent to a LISTEN client.
      const unsubscribe = await pglite.listen(channel, onNotify);
      return async () => unsubscribe();
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
    async dumpDataDir() {
      return pglite.dumpDataDir('gzip');
    },
  };
}
