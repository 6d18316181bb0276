import { sql } from 'kysely';
import { countUnread } from '../src/modules/notifications/notifications.repo.ts';
import { percentile, startBenchServices, timeRounds } from './support.ts';

/**
 * The bell's cost on every page a signed-in person views: the one count of their unread notifications, p95 over calls
 * spread across 2,000 people holding 100 notifications each (200,000 rows, a tenth unread); against, in the same run,
 * the primary-key lookup of their account (what every signed-in page already does). DATABASE_URL set: PostgreSQL;
 * otherwise PGlite.
 */
const PEOPLE = 2_000;
const EACH = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500);

export async function run(): Promise<void> {
  const { services, close } = await startBenchServices();
  const metropole = (await services.tenants.metropole())!;
  const seeding = performance.now();
  await sql`
    INSERT INTO user_account (email, display_name)
    SELECT 'personne' || g || '@example.org', 'Personne ' || g FROM generate_series(1, ${PEOPLE}) g`.execute(
    services.db,
  );
  await sql`
    INSERT INTO notification (tenant_id, user_id, kind, title, path, dedupe_key, created_at, read_at)
    SELECT ${metropole.id}, u.id, 'status', 'Votre demande a changé d’étape', '/mes-demandes', 'banc:' || g,
           now() - make_interval(mins => g), CASE WHEN g % 10 = 0 THEN NULL ELSE now() END
    FROM user_account u, generate_series(1, ${EACH}) g`.execute(services.db);
  await sql`ANALYZE notification`.execute(services.db);
  const ids = (await services.db.selectFrom('user_account').select('id').execute()).map((r) => r.id);
  process.stdout.write(`${ids.length * EACH} notifications en ${Math.round(performance.now() - seeding)} ms\n`);

  const plan = await sql<{ 'QUERY PLAN': string }>`
    EXPLAIN SELECT count(*) FROM notification WHERE user_id = ${ids[0]} AND read_at IS NULL`.execute(services.db);
  process.stdout.write(`${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);

  const pick = (i: number) => ids[(i * 7919) % ids.length]!;
  const counts = await timeRounds(ROUNDS, (i) => countUnread(services.db, pick(i)));
  const accounts = await timeRounds(ROUNDS, (i) =>
    services.db.selectFrom('user_account').selectAll().where('id', '=', pick(i)).executeTakeFirst(),
  );
  process.stdout.write(
    `compte des non lues : p50 ${percentile(counts, 50).toFixed(2)} ms, p95 ${percentile(counts, 95).toFixed(2)} ms\n` +
      `lecture du compte (référence) : p50 ${percentile(accounts, 50).toFixed(2)} ms, p95 ${percentile(accounts, 95).toFixed(2)} ms\n`,
  );
  await close();
}
