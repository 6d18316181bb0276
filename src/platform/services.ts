import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Database } from './db/connect.ts';
import { deploymentSecret } from './db/settings.repo.ts';
import type { DB } from './db/schema.ts';
import { FileStore } from './files/file-store.ts';
import { JobQueue } from './jobs/queue.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { PLATFORM_JOBS } from './platform.jobs.ts';
import { TenantDirectory } from './tenancy/tenant-directory.ts';
import type { AccessTokens } from './auth/access-tokens.ts';
import { DomainEvents } from './events/domain-events.ts';
import type { AppModule, SharedCapabilities } from './app-module/app-module.ts';
import { ModuleStates } from './app-module/module-state.ts';
import { requestLogFields } from './http/request-log.ts';

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
  /** The application's modules, in their order (src/modules.ts). */
  modules: readonly AppModule<unknown>[];
  /** Every module's subscribers to the domain events of the modules below it. */
  events: DomainEvents;
  /** What each module keeps for the life of the application, read with `states.get(declaration)`. */
  states: ModuleStates;
  /** The identity provider's access tokens, checked for the APIs that accept them (provided by identity). */
  accessTokens: AccessTokens;
  /** Closes what the modules keep, then the mail transport (the database is closed by its owner). */
  close(): Promise<void>;
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

/** The process's logger; `destination` (a file, in tests) instead of the standard output. */
export function createLogger(config: Config, destination?: pino.DestinationStream): FastifyBaseLogger {
  const options = {
    level: config.logLevel,
    redact: { paths: LOG_REDACTIONS, censor: '[masqué]' },
    // Fastify's own request serializer writes the full URL, tokens and tracking codes included.
    serializers: { req: requestLogFields },
  };
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
  return destination ? pino(options, destination) : pino(options);
}

function canResolve(specifier: string): boolean {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the services of one application from its module list: every module's jobs are registered and its event
 * subscribers wired, then its states built (in module order: a module's state may read a lower module's), then
 * the capabilities modules offer each other.
 */
export async function createServices(options: {
  config: Config;
  database: Database;
  modules: readonly AppModule<unknown>[];
  clock?: Clock;
  logger?: FastifyBaseLogger;
  mailer?: Mailer;
}): Promise<Services> {
  const { config, database, modules } = options;
  const clock = options.clock ?? systemClock;
  const jobs = new JobQueue(clock);
  for (const definition of PLATFORM_JOBS) jobs.register(definition);
  for (const module of modules) for (const definition of module.jobs ?? []) jobs.register(definition);
  const outboxDir = path.join(config.dataDir, 'outbox');
  const states = new ModuleStates();
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir });
  const services: Services = {
    config,
    database,
    db: database.db,
    clock,
    logger: options.logger ?? createLogger(config),
    jobs,
    mailer,
    files: new FileStore(path.join(config.dataDir, 'files')),
    tenants: new TenantDirectory(database.db, config.tenantHosts),
    // Every process of a deployment must sign with the same secret; the first one to start picks it.
    cookieSecret: config.sessionSecret ?? (await deploymentSecret(database.db, 'cookie_secret')),
    outboxDir,
    modules,
    events: new DomainEvents(
      modules.flatMap((m) => m.subscribers ?? []),
      () => services,
    ),
    states,
    accessTokens: NO_ACCESS_TOKENS,
    async close() {
      await states.closeAll();
      mailer.close();
    },
  };
  for (const module of modules) for (const state of module.state ?? []) states.set(state, await state.create(services));
  const provided: Partial<SharedCapabilities> = {};
  for (const module of modules) Object.assign(provided, module.provides?.(services));
  services.accessTokens = provided.accessTokens ?? NO_ACCESS_TOKENS;
  return services;
}

/** Without the identity module (a partial application in a test), no token is valid. */
const NO_ACCESS_TOKENS: AccessTokens = {
  citizen: async () => undefined,
  backofficeClient: async () => null,
};
