import os from 'node:os';
import { sql } from 'kysely';
import { withTenant } from '../src/platform/db/tenant-scope.ts';
import { listFreeSlots } from '../src/modules/appointments/list-free-slots.ts';
import { percentile, startBenchServices, timeRounds } from './support.ts';

/**
 * The appointments' speed figure: the free slots of one agenda over a year (its horizon), p95 over calls spread across
 * 50 agendas each open 35 hours a week in 30-minute slots for two people, about 60 % of whose seats are held over the
 * coming year; against, in the same run, the raw SQL the listing rests on (the grouped count of held seats of that
 * agenda over the year, sent as text on the same connection pool). DATABASE_URL set: PostgreSQL; otherwise PGlite.
 */
const AGENDAS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const BOOKED_SHARE = Number(process.env.BENCH_BOOKED_SHARE ?? 0.6);

export async function run(): Promise<void> {
  const { database, services, close } = await startBenchServices();
  const metropole = (await services.tenants.metropole())!;
  const now = services.clock.now();
  const seeding = performance.now();

  // 50 agendas of the metropolis, a year ahead, Monday to Friday 8:30–12:00 and 13:30–17:00, two seats per slot.
  const agendaIds: string[] = [];
  for (let i = 0; i < AGENDAS; i++) {
    const agenda = await database.db
      .insertInto('agenda')
      .values({
        tenant_id: metropole.id,
        name: `Guichet ${i + 1}`,
        desk: `Accueil ${i + 1}`,
        place: 'Hôtel de la Métropole',
        slot_minutes: 30,
        capacity: 2,
        horizon_days: 365,
        min_notice_hours: 2,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    agendaIds.push(agenda.id);
    await database.db
      .insertInto('meeting_type')
      .values({ tenant_id: metropole.id, agenda_id: agenda.id, name: 'Rendez-vous', duration_minutes: 30 })
      .execute();
    await database.db
      .insertInto('opening_hours')
      .values(
        [1, 2, 3, 4, 5].flatMap((weekday) => [
          { tenant_id: metropole.id, agenda_id: agenda.id, weekday, opens_minute: 510, closes_minute: 720 },
          { tenant_id: metropole.id, agenda_id: agenda.id, weekday, opens_minute: 810, closes_minute: 1020 },
        ]),
      )
      .execute();
    await database.db
      .insertInto('agenda_closure')
      .values({
        tenant_id: metropole.id,
        agenda_id: agenda.id,
        first_day: '2027-08-02',
        last_day: '2027-08-13',
        reason: 'Congés d’été',
      })
      .execute();
  }
  // The bookings, one seat each, drawn over every weekday slot of the year (held share of the seats: BOOKED_SHARE).
  await sql`
    INSERT INTO booking (tenant_id, agenda_id, meeting_type_id, starts_at, ends_at, status, name, email,
      manage_token_hash, created_at)
    SELECT a.tenant_id, a.id, mt.id, s.at, s.at + interval '30 minutes', 'booked', 'Banc', 'banc@example.org',
      md5(random()::text || clock_timestamp()::text || a.id::text || s.at::text || seat::text), ${now}
    FROM agenda a
    JOIN meeting_type mt ON mt.agenda_id = a.id
    CROSS JOIN LATERAL (
      SELECT ((d::date + m * interval '1 minute')::timestamp AT TIME ZONE 'Europe/Paris') AS at
      FROM generate_series(${now}::date + 1, ${now}::date + 365, interval '1 day') d
      CROSS JOIN (SELECT generate_series(510, 690, 30) AS m UNION ALL SELECT generate_series(810, 990, 30)) mm
      WHERE extract(isodow FROM d) <= 5
    ) s
    CROSS JOIN generate_series(1, 2) seat
    WHERE random() < ${BOOKED_SHARE}`.execute(database.db);
  await sql`
    INSERT INTO booking_seat (tenant_id, agenda_id, slot_start, seat, booking_id)
    SELECT tenant_id, agenda_id, starts_at, row_number() OVER (PARTITION BY agenda_id, starts_at ORDER BY id), id
    FROM booking`.execute(database.db);
  await sql`ANALYZE`.execute(database.db);
  const counts = (
    await sql<{ seats: string; bookings: string }>`
      SELECT (SELECT count(*) FROM booking_seat) AS seats, (SELECT count(*) FROM booking) AS bookings`.execute(
      database.db,
    )
  ).rows[0]!;
  const seeded = performance.now() - seeding;

  const agendaOf = (i: number) => agendaIds[(i * 7) % AGENDAS]!;
  const yearAhead = new Date(now.getTime() + 367 * 86_400_000);
  const listing = (i: number) => listFreeSlots(services, metropole, agendaOf(i), undefined);
  const raw = (i: number) =>
    withTenant(services.db, metropole.id, (trx) =>
      sql`SELECT slot_start, count(*)::int AS held FROM booking_seat
          WHERE tenant_id = ${metropole.id} AND agenda_id = ${agendaOf(i)} AND slot_start >= ${now} AND slot_start < ${yearAhead}
          GROUP BY slot_start`.execute(trx),
    );
  const sample = await listing(0);
  const freeCount = sample?.days.reduce((n, d) => n + d.starts.length, 0) ?? 0;
  // Warm-up, then both measured in alternating slices so the machine's other load weighs on both alike.
  await timeRounds(20, listing);
  await timeRounds(20, raw);
  const listingTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let slice = 0; slice < 4; slice++) {
    listingTimes.push(...(await timeRounds(ROUNDS / 4, (i) => listing(i + slice * ROUNDS))));
    rawTimes.push(...(await timeRounds(ROUNDS / 4, (i) => raw(i + slice * ROUNDS))));
  }
  const listingP95 = percentile(listingTimes, 95);
  const rawP95 = percentile(rawTimes, 95);
  process.stdout.write(
    [
      `base : ${database.kind} ; ${AGENDAS} agendas ouverts 35 h par semaine, créneaux de 30 min à 2 places, sur 365 jours`,
      `${Number(counts.bookings).toLocaleString('fr-FR')} réservations, ${Number(counts.seats).toLocaleString('fr-FR')} places tenues (part visée ${(BOOKED_SHARE * 100).toFixed(0)} %), semées en ${(seeded / 1000).toFixed(1)} s ; un agenda offre ${freeCount} horaires libres sur l’année`,
      `créneaux libres d’un agenda sur un an (listFreeSlots), ${listingTimes.length} appels : p50 ${percentile(listingTimes, 50).toFixed(1)} ms, p95 ${listingP95.toFixed(1)} ms`,
      `SQL brut (places tenues groupées par créneau, même agenda, même année) : p50 ${percentile(rawTimes, 50).toFixed(1)} ms, p95 ${rawP95.toFixed(1)} ms`,
      `rapport p95 listage / SQL brut : ${(listingP95 / rawP95).toFixed(2)}`,
      `charge de la machine (load average 1 min) : ${os.loadavg()[0]?.toFixed(1)} pour ${os.cpus().length} cœurs`,
      '',
    ].join('\n'),
  );
  await close();
}
