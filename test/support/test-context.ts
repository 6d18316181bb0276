import { expect } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { MODULES } from '../../src/modules.ts';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/connect.ts';
import { Worker } from '../../src/platform/jobs/worker.ts';
import pino from 'pino';
import { createLogger, createServices, type Services } from '../../src/platform/services.ts';
import { TestClient } from './test-client.ts';
import { openTestDatabase } from './test-database.ts';

export type TestContext = {
  database: Database;
  services: Services;
  clock: ManualClock;
  app: Awaited<ReturnType<typeof buildApp>>;
  worker: Worker;
  dataDir: string;
  /** A browser-like client with its own cookie jar. */
  client(): TestClient;
  /** A client signed in through the login form (`base`: a commune's prefix); the test stops if the login fails. */
  signedIn(email: string, password: string, base?: string): Promise<TestClient>;
  close(): Promise<void>;
};

export type TestContextOptions = {
  env?: Record<string, string>;
  database?: Database;
  /** A file where the application's own logger writes (at LOG_LEVEL, silent unless `env` says otherwise). */
  logFile?: string;
};

/** One application per test file, on its own database, clock and data directory; mail goes where `SMTP_URL` says. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'secret-de-test-secret-de-test-secret-de-test',
    // The fake partners (portals, webhook receivers, FranceConnect) listen on this machine.
    OUTGOING_ALLOWED_ADDRESSES: '127.0.0.1,::1',
    ...options.env,
  });
  const database = options.database ?? (await openTestDatabase());
  const clock = new ManualClock('2026-11-30T09:00:00Z');
  const logger = options.logFile
    ? createLogger(config, pino.destination({ dest: options.logFile, sync: true }))
    : undefined;
  const services = await createServices({ config, database, clock, modules: MODULES, ...(logger ? { logger } : {}) });
  const app = await buildApp(services);
  await app.ready();
  const worker = new Worker(services, { pollMs: 50 });
  return {
    database,
    services,
    clock,
    app,
    worker,
    dataDir,
    client: () => new TestClient(app),
    signedIn: async (email, password, base = '') => {
      const client = new TestClient(app);
      expect((await client.login(email, password, base)).statusCode).toBe(303);
      return client;
    },
    async close() {
      await worker.stop();
      await app.close();
      await services.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
