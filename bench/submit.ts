import { mkdtemp, rm } from 'node:fs/promises';
import { MODULES } from '../src/modules.ts';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { createServices } from '../src/platform/services.ts';
import { seedTenants } from '../src/platform/tenancy/seed-tenants.ts';
import { foldForSearch } from '../src/platform/views/format.ts';
import { addSearchWords } from '../src/modules/catalogue/catalogue.repo.ts';
import { publishEService } from '../src/modules/catalogue/publish-eservice.ts';
import { searchEServices } from '../src/modules/catalogue/search-eservices.ts';
import { SIMPLE_WORKFLOW } from '../src/modules/workflows/simple-workflow.ts';
import { ensurePlatformWorkflow } from '../src/modules/workflows/workflows.repo.ts';

/**
 * The counter's speed figures. (1) Submissions per second of a 10-field form through the JSON API (validate, route,
 * number, store with its timeline, acknowledgement enqueued in the same transaction) against a bare Fastify route
 * doing one INSERT on the same database; goal ≥ 50 %. (2) Search p95 over 10 000 published services through GET /api/services;
 * goal ≤ 20 ms, with a trivial route's p95 as the baseline. DATABASE_URL set: PostgreSQL; otherwise embedded PGlite.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);

type AutocannonResult = { requests: { total: number }; duration: number; non2xx: number; errors: number };
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function load(
  url: string,
  body: string,
  headers: () => Record<string, string>,
  seconds: number,
): Promise<AutocannonResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        body,
        setupRequest: (request: { headers: Record<string, string> }) => ({
          ...request,
          headers: { ...request.headers, 'content-type': 'application/json', ...headers() },
        }),
      },
    ],
  });
}

const FORM = {
  title: 'Banc d’essai',
  fields: [
    { type: 'text', key: 'nom', label: 'Nom' },
    { type: 'text', key: 'prenom', label: 'Prénom' },
    { type: 'email', key: 'courriel', label: 'Courriel' },
    { type: 'phone', key: 'telephone', label: 'Téléphone' },
    { type: 'text', key: 'code_postal', label: 'Code postal', format: 'postcode' },
    { type: 'number', key: 'nombre', label: 'Nombre', integer: true, min: 1, max: 10 },
    { type: 'date', key: 'date', label: 'Date', max: 'today' },
    {
      type: 'choice',
      key: 'motif',
      label: 'Motif',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    {
      type: 'choices',
      key: 'options',
      label: 'Options',
      options: [
        { value: 'x', label: 'X' },
        { value: 'y', label: 'Y' },
      ],
    },
    { type: 'textarea', key: 'message', label: 'Message' },
  ],
} as const;

const ANSWERS = {
  nom: 'Martin',
  prenom: 'Camille',
  courriel: 'camille@example.org',
  telephone: '06 12 34 56 78',
  code_postal: '69700',
  nombre: 3,
  date: '2001-07-14',
  motif: 'a',
  options: ['x', 'y'],
  message: 'Bonjour, voici ma demande, rédigée en quelques lignes pour le banc d’essai.',
};

const VERBS = [
  'Demander',
  'Signaler',
  'Réserver',
  'Déclarer',
  'Obtenir',
  'Inscrire',
  'Payer',
  'Renouveler',
  'Modifier',
  'Résilier',
];
const OBJECTS = [
  'un acte d’état civil',
  'la cantine scolaire',
  'un stationnement résidentiel',
  'un éclairage public en panne',
  'une salle municipale',
  'un problème de voirie',
  'la collecte des déchets verts',
  'un créneau à la piscine',
  'une carte de médiathèque',
  'une place en crèche',
  'un emplacement au marché forain',
  'une terrasse',
  'une occupation du domaine public',
  'un logement social',
  'un ravalement de façade',
  'un permis de stationnement',
  'une aide aux vacances',
  'une subvention associative',
];
const QUERIES = [
  'etat civile',
  'ecully',
  'eclairage',
  'eclairrage',
  'cantine',
  'stationement',
  'piscine venissieux',
  'permis',
  'dechets verts',
  'salle municipale',
  'facade',
  'creche',
  'marche forain',
  'logement',
  'subvention',
  'givors',
  'terrase',
  'mediatheque',
  'voirie lyon',
  'vacances',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function timed(url: string, times: number): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    durations.push(performance.now() - started);
  }
  return durations;
}

export async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'banc-d-essai-banc-d-essai-banc-d-essai',
    TRUST_PROXY: 'true',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const database = config.databaseUrl
    ? await connectDatabase({ url: config.databaseUrl, maxConnections: 10 })
    : await connectDatabase({ memory: true });
  await migrateToLatest(database.db, MODULES);
  await seedTenants(database.db);
  const services = await createServices({ config, database, modules: MODULES });
  const metropole = await services.tenants.metropole();
  const slug = `banc-${Date.now()}`;
  await publishEService(services, {
    provider: metropole,
    actor: SYSTEM_ACTOR,
    slug,
    title: 'Banc d’essai à dix champs',
    summary: 'Banc d’essai',
    description: 'Banc d’essai',
    themes: [],
    keywords: [],
    access: 'anonymous',
    settings: {
      office: { name: 'Banc', email: 'banc@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2 } },
    },
    form: FORM as never,
  });

  const app = await buildApp(services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  await sql`CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(
    database.db,
  );
  const bare = Fastify();
  bare.post('/bare', async (request) => {
    await sql`INSERT INTO bench_insert (payload) VALUES (${JSON.stringify(request.body)})`.execute(database.db);
    return { ok: true };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const body = JSON.stringify({ answers: ANSWERS, contactEmail: 'camille@example.org' });
  // Each call comes from its own address (behind TRUST_PROXY), so the per-address rate limit does not throttle the run.
  let n = 0;
  const submitHeaders = () => {
    n++;
    return {
      'idempotency-key': `banc-${slug}-${n}`,
      'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    };
  };
  const submitUrl = `${appUrl}/api/services/${slug}/requests`;
  // Warm-up of both routes, then the two measured in alternating slices: the machine's other load, which varies over
  // seconds, then weighs on both alike instead of on whichever happened to run during a busy moment.
  await load(bareUrl, body, () => ({}), 1);
  await load(submitUrl, body, submitHeaders, 1);
  const bareResult = { total: 0, seconds: 0, non2xx: 0 };
  const submitResult = { total: 0, seconds: 0, non2xx: 0 };
  const slice = DURATION_S / SLICES;
  for (let i = 0; i < SLICES; i++) {
    for (const [result, url, headers] of [
      [bareResult, bareUrl, () => ({})],
      [submitResult, submitUrl, submitHeaders],
    ] as const) {
      const measured = await load(url, body, headers, slice);
      result.total += measured.requests.total;
      result.seconds += measured.duration;
      result.non2xx += measured.non2xx;
    }
  }
  const bareRate = bareResult.total / bareResult.seconds;
  const submitRate = submitResult.total / submitResult.seconds;
  // autocannon stops at the deadline with calls still in flight: let them commit before counting.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Acknowledgements are enqueued with their batch: one follow-up job per batch lists its requests.
  const counts = await sql<{ submitted: string; queued: string }>`
    SELECT (SELECT count(*) FROM request) AS submitted,
      (SELECT coalesce(sum(jsonb_array_length(payload->'requests')), 0) FROM job WHERE name = 'requests.submitted') AS queued`.execute(
    database.db,
  );
  const submitted = { n: counts.rows[0]?.submitted };
  const queued = { n: counts.rows[0]?.queued };
  const ratio = submitRate / bareRate;
  process.stdout.write(
    [
      `base : ${database.kind}, ${CONNECTIONS} connexions, ${DURATION_S} s par mesure, en ${SLICES} tranches alternées`,
      `route nue (un INSERT) : ${bareRate.toFixed(0)} requêtes/s (${bareResult.non2xx} hors 2xx)`,
      `dépôt d'une demande à 10 champs : ${submitRate.toFixed(0)} demandes/s (${submitResult.non2xx} hors 2xx) — ${submitted?.n} demandes, ${queued?.n} accusés de réception en file`,
      `rapport dépôt / route nue : ${(ratio * 100).toFixed(0)} % (objectif ≥ 50 %)`,
      '',
    ].join('\n'),
  );

  // Search over 10 000 services.
  const workflowId = await ensurePlatformWorkflow(database.db, 'simple', 1, SIMPLE_WORKFLOW, new Date());
  const communes = (await services.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance);
  const existing = Number(
    (
      await database.db
        .selectFrom('eservice')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'published')
        .executeTakeFirst()
    )?.n ?? 0,
  );
  const settings = JSON.stringify({
    office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
    legal: { kind: 'signalement' },
    routing: { mode: 'owner' },
  });
  for (let start = existing; start < 10_000; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(10_000, start + 500); i++) {
      const provider = communes[i % communes.length] ?? metropole;
      const title = `${VERBS[i % VERBS.length]} ${OBJECTS[Math.floor(i / VERBS.length) % OBJECTS.length]} (${i})`;
      const terms = `${OBJECTS[i % OBJECTS.length]} ${provider.name}`;
      rows.push({
        tenant_id: provider.id,
        slug: `banc-recherche-${i}`,
        title,
        summary: `Démarche de test numéro ${i} proposée par ${provider.name}.`,
        description: 'Une démarche générée pour mesurer la recherche.',
        access: 'anonymous' as const,
        status: 'published' as const,
        settings,
        workflow_version_id: workflowId,
        search_terms: terms,
        created_at: new Date(),
        updated_at: new Date(),
      });
    }
    await database.db
      .insertInto('eservice')
      .values(rows)
      .onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing())
      .execute();
    await addSearchWords(
      database.db,
      [...new Set(rows.flatMap((r) => foldForSearch(`${r.title} ${r.search_terms}`).split(' ')))].filter(
        (w) => w.length >= 3 && !/^\d+$/.test(w),
      ),
    );
  }
  await sql`ANALYZE eservice`.execute(database.db);
  const searchUrls = QUERIES.map((q) => `${appUrl}/api/services?q=${encodeURIComponent(q)}`);
  for (const url of searchUrls) await timed(url, 2);
  // The search itself (use case: SQL and result mapping), then the same through HTTP (JSON of 50 services included).
  const useCaseTimes: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const q of QUERIES) {
      const started = performance.now();
      await searchEServices(services, { browsing: metropole, q });
      useCaseTimes.push(performance.now() - started);
    }
  }
  const searchTimes: number[] = [];
  for (let round = 0; round < 10; round++) for (const url of searchUrls) searchTimes.push(...(await timed(url, 1)));
  const baseline = await timed(`${appUrl}/healthz`, searchTimes.length);
  const p95 = percentile(useCaseTimes, 95);
  const httpP95 = percentile(searchTimes, 95);
  const baseP95 = percentile(baseline, 95);
  const total = existing > 10_000 ? existing : 10_000;
  process.stdout.write(
    [
      `recherche sur ${total.toLocaleString('fr-FR')} démarches, ${useCaseTimes.length} recherches : p50 ${percentile(useCaseTimes, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (objectif ≤ 20 ms)`,
      `la même par HTTP (GET /api/services?q=) : p50 ${percentile(searchTimes, 50).toFixed(1)} ms, p95 ${httpP95.toFixed(1)} ms ; référence /healthz (SELECT 1) : p95 ${baseP95.toFixed(1)} ms — rapport ${(httpP95 / baseP95).toFixed(1)}`,
      `charge de la machine pendant la mesure (load average 1 min) : ${os.loadavg()[0]?.toFixed(1)} pour ${os.cpus().length} cœurs`,
      '',
    ].join('\n'),
  );

  await app.close();
  await bare.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
