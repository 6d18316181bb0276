import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Database } from './db/connect.ts';
import type { DB } from './db/schema.ts';
import { FileStore } from './files/file-store.ts';
import { JobQueue } from './jobs/queue.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { TenantDirectory } from './tenancy/tenant-directory.ts';

/**
 * Everything the web and worker roles share, built once per process and passed explicitly (no globals: a test
 * builds its own with its own clock, database and mail transport).
 */
export type Services = {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  logger: FastifyBaseLogger;
  jobs: JobQueue;
  mailer: Mailer;
  files: FileStore;
  tenants: TenantDirectory;
  /** Signs cookies (CSRF secret); from SESSION_SECRET, or generated once and kept in the database outside production. */
  cookieSecret: string;
  outboxDir: string;
};

/** Personal data and credentials never reach the logs. */
export const LOG_REDACTIONS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.token',
];

export function createLogger(config: Config): FastifyBaseLogger {
  const options = { level: config.logLevel, redact: { paths: LOG_REDACTIONS, censor: '[masqué]' } };
  // In a developer's terminal, readable lines (pino-pretty, a development dependency); JSON everywhere else.
  if (config.env === 'development' && process.stdout.isTTY && canResolve('pino-pretty')) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true },
      },
    });
  }
  return pino(options);
}

function canResolve(specifier: string): boolean {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

export async function createServices(options: {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyBaseLogger;
  mailer?: Mailer;
  registerJobs: (jobs: JobQueue) => void;
}): Promise<Services> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const jobs = new JobQueue(clock);
  options.registerJobs(jobs);
  const outboxDir = path.join(config.dataDir, 'outbox');
  return {
    config,
    database,
    db: database.db,
    clock,
    logger: options.logger ?? createLogger(config),
    jobs,
    mailer: options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir }),
    files: new FileStore(path.join(config.dataDir, 'files')),
    tenants: new TenantDirectory(database.db, config.tenantHosts),
    cookieSecret: config.sessionSecret ?? (await generatedCookieSecret(database.db)),
    outboxDir,
  };
}

async function generatedCookieSecret(db: Kysely<DB>): Promise<string> {
  // Every process of a deployment must sign with the same secret; the first one to start picks it.
  await db
    .insertInto('platform_setting')
    .values({ key: 'cookie_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('platform_setting')
    .select('value')
    .where('key', '=', 'cookie_secret')
    .executeTakeFirstOrThrow();
  return row.value;
}
