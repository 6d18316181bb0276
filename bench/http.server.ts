import { MODULES } from '../src/modules.ts';
// A server for bench/http.ts, in its own process so the load generator does not share its CPU time.
// Modes: "communs" (the real application on an embedded database with the demo data) or "bare" (a bare Fastify route).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';

const mode = process.argv[2];
if (mode === 'bare') {
  const bare = Fastify();
  bare.get('/healthz', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const address = bare.server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
} else {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = process.env.DATABASE_URL
    ? await connectDatabase({ url: process.env.DATABASE_URL })
    : await connectDatabase({ dataDir: path.join(dataDir, 'pgdata') });
  await migrateToLatest(database.db, MODULES);
  const services = await createServices({ config, database, modules: MODULES });
  await seedDemo(services, config);
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
}
