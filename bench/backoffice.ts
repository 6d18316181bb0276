import { mkdtemp } from 'node:fs/promises';
import { MODULES } from '../src/modules.ts';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { grantRole, insertAccount } from '../src/platform/auth/accounts.repo.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { withTenant } from '../src/platform/db/tenant-scope.ts';
import { createServices } from '../src/platform/services.ts';
import { seedTenants } from '../src/platform/tenancy/seed-tenants.ts';
import { publishEService } from '../src/modules/catalogue/publish-eservice.ts';
import { DEFAULT_QUERY, type InboxQuery } from '../src/modules/backoffice/inbox-query.ts';
import { countInbox, indexRequestsForSearch, listInbox } from '../src/modules/requests/listing/inbox.repo.ts';

/**
 * The agents' inbox on a million requests spread over the 59 tenants, in PostgreSQL. Measures the
 * inbox query as the application runs it — a tenant-scoped transaction (row-level security), three filters (open
 * requests, one service, unassigned), the newest first, the second page of 50 — against the same SELECT sent raw,
 * without transaction nor row-level security, in the same run. Goals: p95 ≤ 50 ms and ≤ 3 × the raw SQL.
 * Usage: DATABASE_URL=postgres://…/communs_bench_bo npm run bench -- backoffice [--rows N] [--runs N] [--reload]
 */
const SERVICES_PER_TENANT = 4;

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const rows = option('rows', 1_000_000);
  const runs = option('runs', 400);
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(
      'Ce banc d’essai mesure PostgreSQL : donnez DATABASE_URL (une base à vous, par exemple communs_bench_bo).\n',
    );
    process.exit(2);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-bench-bo-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = await connectDatabase({ url, maxConnections: 4 });
  await migrateToLatest(database.db, MODULES);
  await seedTenants(database.db);
  const services = await createServices({ config, database, modules: MODULES });
  const { db } = services;
  const tenants = (await services.tenants.all()).filter((t) => !t.isTestInstance);
  const metropole = await services.tenants.metropole();

  const loaded = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM request WHERE number LIKE 'BENCH-%'`.execute(db)).rows[0]?.n ??
      0,
  );
  if (loaded < rows || args.includes('--reload')) {
    process.stdout.write(`Chargement de ${rows.toLocaleString('fr-FR')} demandes…\n`);
    await load(services, tenants, rows);
  }
  await sql`ANALYZE request`.execute(db);
  await sql`ANALYZE request_search`.execute(db);

  // The busiest tenant (the metropolis holds 30 % of the requests), one of its services, as an agent sees it.
  const service = (
    await sql<{
      id: string;
    }>`SELECT id FROM eservice WHERE tenant_id = ${metropole.id} AND slug LIKE 'banc-%' ORDER BY slug LIMIT 1`.execute(
      db,
    )
  ).rows[0]?.id;
  const agent =
    (
      await sql<{
        id: string;
      }>`SELECT user_id AS id FROM role_assignment WHERE tenant_id = ${metropole.id} AND role = 'agent' LIMIT 1`.execute(
        db,
      )
    ).rows[0]?.id ?? null;
  if (!service) throw new Error('bench service missing');
  const query: InboxQuery = {
    ...DEFAULT_QUERY,
    state: 'open',
    eserviceId: service,
    assigned: 'unassigned',
    sort: 'newest',
    page: 2,
  };
  const page = { offset: 50, limit: 51 };

  const viaApplication = () => withTenant(db, metropole.id, (trx) => listInbox(trx, agent, query, query.sort, page));
  // The same SELECT as the repository sends it, written out by hand, outside any transaction.
  const raw = () =>
    sql`
      SELECT request.id, request.number, request.acknowledgement->>'serviceTitle' AS title, request.eservice_id, request.workflow_version_id,
        request.status, request.citizen_status, request.version, request.submitted_at, request.activity_at, request.closed_at, request.paused_at,
        request.commune_insee, request.assigned_user_id, request.assigned_role,
        (SELECT user_account.display_name FROM user_account WHERE user_account.id = request.assigned_user_id) AS assignee_name
      FROM request
      WHERE request.tenant_id = ${metropole.id} AND request.closed_at IS NULL AND request.eservice_id = ${service} AND request.assigned_user_id IS NULL
      ORDER BY request.submitted_at DESC, request.id DESC
      OFFSET 50 LIMIT 51`.execute(db);

  const [appRows, rawRows] = [await viaApplication(), (await raw()).rows];
  if (appRows.length !== rawRows.length || appRows[0]?.id !== (rawRows[0] as { id: string } | undefined)?.id)
    throw new Error('the two queries disagree');
  const total = await withTenant(db, metropole.id, (trx) => countInbox(trx, agent, query, 10_000_000));

  // Warm-up, then both measured in turns so that neither gets a quieter machine.
  for (let i = 0; i < 30; i++) {
    await viaApplication();
    await raw();
  }
  const app: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    app.push(await time(viaApplication));
    bare.push(await time(raw));
  }
  const counts: number[] = [];
  for (let i = 0; i < Math.min(runs, 100); i++)
    counts.push(await time(() => withTenant(db, metropole.id, (trx) => countInbox(trx, agent, query))));
  const text: number[] = [];
  const textQuery: InboxQuery = { ...DEFAULT_QUERY, state: 'all', text: 'lampadaire 4242' };
  for (let i = 0; i < Math.min(runs, 100); i++)
    text.push(
      await time(() =>
        withTenant(db, metropole.id, (trx) => listInbox(trx, agent, textQuery, 'newest', { offset: 0, limit: 51 })),
      ),
    );

  const common: number[] = [];
  const commonQuery: InboxQuery = { ...DEFAULT_QUERY, state: 'all', text: 'lampadaire' };
  for (let i = 0; i < Math.min(runs, 30); i++)
    common.push(
      await time(() =>
        withTenant(db, metropole.id, (trx) => listInbox(trx, agent, commonQuery, 'newest', { offset: 0, limit: 51 })),
      ),
    );
  const commonCount: number[] = [];
  for (let i = 0; i < Math.min(runs, 30); i++)
    commonCount.push(await time(() => withTenant(db, metropole.id, (trx) => countInbox(trx, agent, commonQuery))));

  const requestCount = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM request`.execute(db)).rows[0]?.n ?? 0,
  );
  const line = (label: string, samples: number[]) =>
    `${label.padEnd(58)} p50 ${ms(quantile(samples, 0.5))}   p95 ${ms(quantile(samples, 0.95))}   p99 ${ms(quantile(samples, 0.99))}\n`;
  process.stdout.write(
    `\nBoîte de réception des agents — ${requestCount.toLocaleString('fr-FR')} demandes, ${tenants.length} collectivités, PostgreSQL (${runs} mesures)\n`,
  );
  process.stdout.write(
    `Requête : la Métropole (${total.toLocaleString('fr-FR')} demandes répondent aux 3 filtres : à traiter, une démarche, non attribuées), plus récentes d’abord, page 2 de 50\n`,
  );
  process.stdout.write(line('SQL brut (référence, hors transaction)', bare));
  process.stdout.write(line('Application (transaction du tenant, RLS, repository)', app));
  const ratio = quantile(app, 0.95) / quantile(bare, 0.95);
  process.stdout.write(
    `Rapport p95 application / SQL brut : ×${ratio.toFixed(2)}   (objectifs : p95 ≤ 50 ms et ≤ ×3)   ${quantile(app, 0.95) <= 50 && ratio <= 3 ? 'ATTEINTS' : 'NON ATTEINTS'}\n`,
  );
  process.stdout.write(line('Pour information : le compte borné affiché (≤ 10 000)', counts));
  process.stdout.write(line('Pour information : recherche libre « lampadaire 4242 »', text));
  process.stdout.write(line('Pour information : « lampadaire », dans 1 demande sur 4', common));
  process.stdout.write(line('Pour information : son compte borné (≤ 10 000)', commonCount));
  await services.database.close();
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;

/**
 * Loads the requests with set-based SQL (INSERT … SELECT generate_series), 100 000 at a time: tenants weighted (the
 * metropolis 30 %), a few services each, three years of submissions, 70 % closed, half of the open ones assigned.
 */
async function load(
  services: Awaited<ReturnType<typeof createServices>>,
  tenants: Awaited<ReturnType<typeof services.tenants.all>>,
  rows: number,
): Promise<void> {
  const { db } = services;
  const now = new Date();
  // Benchmark requests have no history, messages nor timers: they can go.
  await sql`DELETE FROM request WHERE number LIKE 'BENCH-%'`.execute(db);

  const slots: Array<{ tenant: string; insee: string | null; services: string[]; agent: string }> = [];
  for (const tenant of tenants) {
    const ids: string[] = [];
    for (let i = 1; i <= SERVICES_PER_TENANT; i++) {
      const published = await publishEService(services, {
        provider: tenant,
        actor: SYSTEM_ACTOR,
        slug: `banc-${i}`,
        title: `Démarche de banc d’essai ${i}`,
        summary: 'Pour le banc d’essai.',
        description: 'Pour le banc d’essai.',
        themes: ['Banc'],
        keywords: [],
        access: 'anonymous',
        settings: {
          office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
          legal: { kind: 'signalement' },
        },
        form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
      });
      ids.push(published.eservice.id);
    }
    const email = `agent.banc.${tenant.slug}@example.org`;
    const existing = (await sql<{ id: string }>`SELECT id FROM user_account WHERE email = ${email}`.execute(db))
      .rows[0];
    const agent =
      existing ??
      (await insertAccount(db, { email, displayName: `Agent de banc ${tenant.name}`, passwordHash: null, at: now }));
    await grantRole(db, { userId: agent.id, tenantId: tenant.id, role: 'agent' });
    slots.push({ tenant: tenant.id, insee: tenant.insee_code, services: ids, agent: agent.id });
  }
  const form = (
    await sql<{
      id: string;
      eservice_id: string;
    }>`SELECT id, eservice_id FROM form_version WHERE eservice_id = ANY(${slots.flatMap((s) => s.services)})`.execute(
      db,
    )
  ).rows;
  const formOf = new Map(form.map((f) => [f.eservice_id, f.id]));
  const workflow = (
    await sql<{
      id: string;
    }>`SELECT workflow_version_id AS id FROM eservice WHERE id = ${slots[0]?.services[0] ?? ''}`.execute(db)
  ).rows[0]?.id;
  // Slot 0 is the metropolis: it gets 30 of every 100 requests, the communes share the rest.
  const metropoleFirst = [...slots].sort((a, b) => (a.insee === null ? -1 : b.insee === null ? 1 : 0));
  const tenantIds = metropoleFirst.map((s) => s.tenant);
  const insees = metropoleFirst.map((s) => s.insee ?? '69123');
  const agents = metropoleFirst.map((s) => s.agent);
  const serviceIds = metropoleFirst.flatMap((s) => s.services);
  const formIds = serviceIds.map((id) => formOf.get(id) ?? '');
  const communeInsees = slots.filter((s) => s.insee).map((s) => s.insee as string);
  const batch = 100_000;
  for (let start = 1; start <= rows; start += batch) {
    const end = Math.min(rows, start + batch - 1);
    const began = performance.now();
    const inserted = await sql<{ id: string }>`
      WITH g AS (
        SELECT n,
          (CASE WHEN n % 100 < 30 THEN 1 ELSE 2 + (n * 7919) % ${tenantIds.length - 1} END)::int AS slot,
          ((n / 10) % ${SERVICES_PER_TENANT})::int AS kind,
          ((n * 104729) % 1000)::int AS spread,
          (n % 1576800)::int AS age,
          CASE WHEN n % 10 < 7 THEN 'closed' ELSE 'open' END AS state
        FROM generate_series(${start}::bigint, ${end}::bigint) AS n
      ), r AS (
        SELECT g.*, ${now}::timestamptz - make_interval(mins => age) AS submitted,
          CASE WHEN state = 'closed' THEN (ARRAY['acceptee', 'refusee', 'classee', 'traitee'])[1 + ((n / 40) % 4)::int]
               ELSE (ARRAY['recue', 'recue', 'en-cours', 'attente-usager'])[1 + ((n / 40) % 4)::int] END AS status
        FROM g
      )
      INSERT INTO request (tenant_id, eservice_id, form_version_id, workflow_version_id, number, tracking_code, contact_email, answers, status,
        citizen_status, submitted_at, updated_at, routing, commune_insee, acknowledgement, idempotency_scope, idempotency_key, idempotency_fingerprint,
        status_entered_at, activity_at, closed_at, assigned_user_id, assigned_at)
      SELECT (${tenantIds}::uuid[])[slot],
        (${serviceIds}::uuid[])[(slot - 1) * ${SERVICES_PER_TENANT} + 1 + kind],
        (${formIds}::uuid[])[(slot - 1) * ${SERVICES_PER_TENANT} + 1 + kind],
        ${workflow}::uuid,
        'BENCH-' || n, 'BENCH-' || n, 'usager' || (n % 50000) || '@example.org',
        jsonb_build_object('objet', (ARRAY['Lampadaire éteint n° ', 'Nid de poule n° ', 'Tag sur un mur n° ', 'Banc cassé n° '])[1 + kind] || n),
        status, status,
        submitted, submitted + make_interval(hours => spread),
        '{}'::jsonb,
        CASE WHEN slot = 1 THEN (${communeInsees}::text[])[1 + (n % ${communeInsees.length})::int] ELSE (${insees}::text[])[slot] END,
        jsonb_build_object('serviceTitle', 'Démarche de banc d’essai ' || (1 + kind)),
        'anonymous', 'bench-' || n, 'x',
        submitted + make_interval(hours => spread),
        submitted + make_interval(hours => spread),
        CASE WHEN state = 'closed' THEN submitted + make_interval(hours => spread) END,
        CASE WHEN state = 'open' AND (n / 160) % 2 = 0 THEN (${agents}::uuid[])[slot] END,
        CASE WHEN state = 'open' AND (n / 160) % 2 = 0 THEN ${now}::timestamptz END
      FROM r
      RETURNING id`.execute(db);
    // The search entries the follow-up job of each submission would write.
    await indexRequestsForSearch(
      db,
      inserted.rows.map((r) => r.id),
    );
    process.stdout.write(
      `  ${end.toLocaleString('fr-FR')} demandes (${((performance.now() - began) / 1000).toFixed(1)} s pour ce lot)\n`,
    );
  }
}
