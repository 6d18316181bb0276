import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { NoticeKind, NoticeRow } from './support.tables.ts';

/** Health probes and the metropolis's notices to the communes (platform-wide rows, no tenant). */

export async function recordProbe(
  db: Executor,
  probe: { at: Date; ok: boolean; latencyMs: number; detail: string },
): Promise<void> {
  await db
    .insertInto('support_probe')
    .values({ at: probe.at, ok: probe.ok, latency_ms: probe.latencyMs, detail: probe.detail })
    .onConflict((oc) => oc.column('at').doNothing())
    .execute();
}

export async function listProbes(db: Executor, from: Date, to: Date): Promise<Array<{ at: Date; ok: boolean }>> {
  return db
    .selectFrom('support_probe')
    .select(['at', 'ok'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .execute();
}

export async function firstProbeAt(db: Executor): Promise<Date | undefined> {
  const row = await db.selectFrom('support_probe').select('at').orderBy('at').limit(1).executeTakeFirst();
  return row?.at;
}

export async function insertNotice(
  db: Executor,
  notice: {
    kind: NoticeKind;
    title: string;
    body: string;
    startsAt: Date | null;
    endsAt: Date | null;
    by: string;
    at: Date;
  },
): Promise<NoticeRow> {
  return db
    .insertInto('support_notice')
    .values({
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      starts_at: notice.startsAt,
      ends_at: notice.endsAt,
      created_at: notice.at,
      created_by_label: notice.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listNotices(db: Executor, limit = 100): Promise<NoticeRow[]> {
  return db.selectFrom('support_notice').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}

/** Maintenance windows overlapping a period (excluded from availability, shown as a banner while they run). */
export async function listMaintenanceOverlapping(db: Executor, from: Date, to: Date): Promise<NoticeRow[]> {
  return db
    .selectFrom('support_notice')
    .selectAll()
    .where('kind', '=', 'maintenance')
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .execute();
}

/** A stretch of probe history in one statement (the demo's weeks of minutes): failed inside the given ranges. */
export async function insertProbeHistory(
  db: Executor,
  from: Date,
  to: Date,
  down: Array<{ from: Date; to: Date }>,
): Promise<void> {
  const downFrom = down.map((d) => d.from.toISOString());
  const downTo = down.map((d) => d.to.toISOString());
  await sql`
    INSERT INTO support_probe (at, ok, latency_ms, detail)
    SELECT minute,
      NOT EXISTS (SELECT 1 FROM unnest(${downFrom}::timestamptz[], ${downTo}::timestamptz[]) AS d(f, t)
                  WHERE minute >= d.f AND minute < d.t),
      12, ''
    FROM generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz - interval '1 minute', interval '1 minute') AS minute
    ON CONFLICT (at) DO NOTHING`.execute(db);
}
