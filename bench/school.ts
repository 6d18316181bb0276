import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { MODULES } from '../src/modules.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';

/**
 * `npm run bench -- school`: the 8 a.m. peak of the school workspace. Everyone arrives at once: a login (the login page
 * then the form, argon2id) followed by the school's portal, and portal openings by people already signed in (the
 * portal is opened again and again during the morning). Both are measured against a bare Fastify route returning a
 * page of the same size, served by the same process in the same run: one process is one event loop, so the rates are
 * per core (the load is generated in that process too, which slows all three alike). Embedded PGlite in memory,
 * the demo's school (Jean Macé, Givors: its head, a teacher and a parent, tiles, news).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ACCOUNTS = ['parent.ecole@example.org', 'enseignant.ecole@example.org', 'directrice.ecole@example.org'];
const PORTAL = '/c/givors/ecole/0691234S';

let address = 0;
const nextIp = () => `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address++ & 255}`;
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

/** A login through the form, as a browser does it; the session cookie, or null when refused. */
async function logIn(base: string, email: string, password: string): Promise<string | null> {
  const ip = nextIp();
  const page = await fetch(`${base}/c/givors/connexion`, { headers: { 'x-forwarded-for': ip } });
  const cookie = cookiesOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${base}/c/givors/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  await response.arrayBuffer();
  return response.status === 303 ? [cookie, cookiesOf(response)].filter(Boolean).join('; ') : null;
}

async function portal(base: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${base}${PORTAL}`, { headers: { cookie, 'x-forwarded-for': nextIp() } });
  const body = await response.text();
  return response.ok && body.includes('tile__link');
}

/** Completed operations per second over SECONDS, CONCURRENCY at a time; failures counted apart. */
async function rate(operation: (i: number) => Promise<boolean>): Promise<{ perSecond: number; failed: number }> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline)
        if (await operation(i++)) done++;
        else failed++;
    }),
  );
  return { perSecond: done / SECONDS, failed };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const format = (n: number) => n.toFixed(1).padStart(8);

export async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-school-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'banc-d-essai-banc-d-essai-banc-d-essai',
    TRUST_PROXY: 'true',
  });
  const database = await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  const services = await createServices({ config, database, modules: MODULES });
  await seedDemo(services, config);
  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  // The baseline: the same process, a bare route answering a page as large as the portal's.
  const sessions = await Promise.all(ACCOUNTS.map((email) => logIn(base, email, config.demoPassword)));
  if (sessions.some((s) => !s)) throw new Error('demo login refused');
  const sample = await (await fetch(`${base}${PORTAL}`, { headers: { cookie: sessions[0] ?? '' } })).text();
  const bare = Fastify();
  bare.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(sample));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const figures = { bare: [] as number[], portal: [] as number[], journey: [] as number[], failed: 0 };
  try {
    process.stdout.write(
      `Banc d'essai de l'espace numérique des écoles — pointe de 8 h : ${ROUNDS} tours de ${SECONDS} s, ` +
        `${CONCURRENCY} clients simultanés, un seul processus (un cœur), PGlite en mémoire\n`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const b = await rate(async () => {
        const response = await fetch(`${bareBase}/`);
        await response.text();
        return response.ok;
      });
      const p = await rate((i) => portal(base, sessions[i % sessions.length] ?? ''));
      const j = await rate(async (i) => {
        const cookie = await logIn(base, ACCOUNTS[i % ACCOUNTS.length] ?? '', config.demoPassword);
        return !!cookie && (await portal(base, cookie));
      });
      figures.bare.push(b.perSecond);
      figures.portal.push(p.perSecond);
      figures.journey.push(j.perSecond);
      figures.failed += b.failed + p.failed + j.failed;
    }
    const bareRate = median(figures.bare);
    const line = (label: string, values: number[]) =>
      `  ${label.padEnd(44)} ${format(median(values))} /s   ratio ${(median(values) / bareRate).toFixed(3)}   ` +
      `(tours : ${values.map((v) => v.toFixed(1)).join(' ')})\n`;
    process.stdout.write(line('route nue (référence, même taille de page)', figures.bare));
    process.stdout.write(line('portail, personne déjà connectée', figures.portal));
    process.stdout.write(line('connexion (page + formulaire) puis portail', figures.journey));
    process.stdout.write(`  échecs : ${figures.failed}\n`);
  } finally {
    await bare.close();
    await app.close();
    await services.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
