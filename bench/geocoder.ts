import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { MODULES } from '../src/modules.ts';
import { connectDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedTenants } from '../src/platform/tenancy/seed-tenants.ts';
import { foldForSearch } from '../src/platform/views/format.ts';
import { parseAddressQuery } from '../src/modules/gis/address-text.ts';
import { generateBal, STREET_NAME_COUNT } from '../src/modules/gis/demo/generated-bal.ts';
import { geocode } from '../src/modules/gis/geocode.ts';
import { streetSearchQuery, withTypoThreshold } from '../src/modules/gis/geocoder.repo.ts';
import { storeBalAddresses } from '../src/modules/gis/import-bal.ts';

/**
 * Address autocomplete over 600,000 generated addresses (the metropolis's communes, 400 streets of about 26 numbers
 * each, about 10,000 per commune), on the embedded database by default or on PostgreSQL with DATABASE_URL. Measures
 * the geocoder as the API runs it — the query taken apart, the streets' search (prefix, then near spellings, ranked),
 * the number's addresses — against the same two SELECTs sent raw, in the same run. The queries are what people type:
 * growing prefixes of real labels, with and without accents, with a typo, with a focus point or not.
 * Goal: p95 ≤ 30 ms. Usage: npm run bench -- geocoder [--addresses N] [--runs N] [--data-dir DIR]
 */
export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const target = option('addresses', 600_000);
  const runs = option('runs', 600);
  const url = process.env.DATABASE_URL;
  // --data-dir keeps the embedded database between runs (loading 600,000 addresses takes minutes).
  const dataDirIndex = args.indexOf('--data-dir');
  const dataDir = dataDirIndex >= 0 ? args[dataDirIndex + 1] : undefined;
  const database = await connectDatabase(url ? { url, maxConnections: 2 } : dataDir ? { dataDir } : { memory: true });
  const { db } = database;
  await migrateToLatest(db, MODULES);
  await seedTenants(db);
  const communes = (
    await db.selectFrom('tenant').select(['insee_code', 'name']).where('kind', '=', 'commune').execute()
  ).filter((c): c is { insee_code: string; name: string } => !!c.insee_code);
  // Exactly the target: each commune its share (the first ones one more when it does not divide), on as many
  // streets as names allow, the last street of a commune shorter when the share is not a multiple.
  const share = (i: number) => Math.floor(target / communes.length) + (i < target % communes.length ? 1 : 0);
  const streets = Math.min(STREET_NAME_COUNT, Math.ceil(share(0) / 25));
  const present = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM gis_address`.execute(db)).rows[0]?.n ?? 0);
  if (present < target) {
    const started = performance.now();
    process.stdout.write(`Chargement de ${target.toLocaleString('fr-FR')} adresses…\n`);
    for (const [i, c] of communes.entries()) {
      const centre = {
        insee: c.insee_code,
        name: c.name,
        lon: 4.6 + (i % 8) * 0.07,
        lat: 45.6 + Math.floor(i / 8) * 0.04,
      };
      const addresses = generateBal(centre, { streets, numbers: Math.ceil(share(i) / streets) }).slice(0, share(i));
      await db.transaction().execute((trx) => storeBalAddresses(trx, addresses, randomUUID()));
    }
    await sql`ANALYZE gis_street`.execute(db);
    await sql`ANALYZE gis_address`.execute(db);
    process.stdout.write(`  chargées en ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const counts = (
    await sql<{
      a: string;
      s: string;
    }>`SELECT (SELECT count(*) FROM gis_address) AS a, (SELECT count(*) FROM gis_street) AS s`.execute(db)
  ).rows[0];
  process.stdout.write(
    `${Number(counts?.a).toLocaleString('fr-FR')} adresses, ${Number(counts?.s).toLocaleString('fr-FR')} voies\n`,
  );

  // What people type: a sample of real addresses, as growing prefixes, accent-free, with a typo, some with a focus.
  const sample = (
    await sql<{ number: number; name: string; commune_name: string; lon: number; lat: number }>`
      SELECT a.number, s.name, s.commune_name, a.lon, a.lat FROM gis_address a JOIN gis_street s ON s.id = a.street_id
      ORDER BY a.id LIMIT 200 OFFSET 0`.execute(db)
  ).rows;
  const stride = Math.max(1, Math.floor(Number(counts?.a ?? 1) / 200));
  const spread = (
    await sql<{ number: number; name: string; commune_name: string; lon: number; lat: number }>`
      SELECT a.number, s.name, s.commune_name, a.lon, a.lat FROM gis_address a JOIN gis_street s ON s.id = a.street_id
      WHERE a.id % ${stride} = 0 LIMIT 200`.execute(db)
  ).rows;
  const queries: Array<{ q: string; bias: { lon: number; lat: number } | null }> = [];
  for (const [i, a] of [...sample, ...spread].entries()) {
    const label = `${a.number} ${a.name} ${a.commune_name}`;
    const variants = [
      label.slice(0, 8 + (i % 6)),
      label.slice(0, 16 + (i % 8)),
      foldForSearch(label),
      label.replace(/([a-zé])([a-zé])([a-zé]+)$/, '$2$1$3'),
      `${a.name} ${a.commune_name.slice(0, 4)}`,
    ];
    for (const q of variants) queries.push({ q, bias: i % 3 === 0 ? { lon: a.lon, lat: a.lat } : null });
  }

  const timeApp = async (q: (typeof queries)[number]) => {
    const started = performance.now();
    await geocode(db, { q: q.q, limit: 10, bias: q.bias });
    return performance.now() - started;
  };
  const timeRaw = async (q: (typeof queries)[number]) => {
    const parsed = parseAddressQuery(q.q);
    const input = { text: parsed.text, words: parsed.words, limit: 10, bias: q.bias };
    const prefixSql = streetSearchQuery(input, 'prefix').compile(db);
    const typoSql = streetSearchQuery(input, 'typo').compile(db);
    const started = performance.now();
    let found = parsed.text && parsed.words.length ? (await db.executeQuery<{ id: string }>(prefixSql)).rows : [];
    if (parsed.text && found.length < 10)
      found = [
        ...found,
        ...(await withTypoThreshold(db, parsed.text, (on) => on.executeQuery<{ id: string }>(typoSql))).rows,
      ];
    if (parsed.number !== null && found.length)
      await db.executeQuery(
        sql`SELECT a.*, s.name, s.commune_insee, s.commune_name, s.postcode FROM gis_address a
            JOIN gis_street s ON s.id = a.street_id WHERE a.street_id = ANY(${found.map((f) => f.id)}::bigint[])
            AND a.number = ${parsed.number} ORDER BY a.suffix NULLS FIRST`.compile(db),
      );
    return performance.now() - started;
  };

  // Warm-up, then alternate the two so that both see the same caches.
  for (const q of queries.slice(0, 50)) {
    await timeApp(q);
    await timeRaw(q);
  }
  const app: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const q = queries[i % queries.length]!;
    app.push(await timeApp(q));
    raw.push(await timeRaw(q));
  }
  const pct = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
  const line = (name: string, values: number[]) =>
    `${name.padEnd(28)} p50 ${pct(values, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(values, 0.95).toFixed(1).padStart(6)} ms   p99 ${pct(values, 0.99).toFixed(1).padStart(6)} ms`;
  process.stdout.write(`\n${runs} recherches (${url ? 'PostgreSQL' : 'PGlite embarqué'})\n`);
  process.stdout.write(`${line('géocodeur (API, geocode())', app)}\n`);
  process.stdout.write(`${line('SQL brut (mêmes requêtes)', raw)}\n`);
  const ratio = pct(app, 0.95) / pct(raw, 0.95);
  process.stdout.write(`ratio p95 géocodeur / SQL brut : ${ratio.toFixed(2)}\n`);
  process.stdout.write(`objectif p95 ≤ 30 ms : ${pct(app, 0.95) <= 30 ? 'atteint' : 'NON atteint'}\n`);
  await database.close();
}
