import { sql } from 'kysely';
import type { Executor } from '../db/tenant-scope.ts';
import type { Job } from '../db/schema.ts';

/** The NOTIFY channel that wakes workers when a job is enqueued. */
export const JOB_CHANNEL = 'communs_jobs';

export type NewJob = {
  tenantId: string | null;
  queue: string;
  name: string;
  payload: unknown;
  runAt: Date;
  createdAt: Date;
  maxAttempts: number;
  dedupeKey: string | null;
};

/**
 * Inserts a job in the caller's transaction (the outbox pattern: a business write and its follow-up commit together
 * or not at all). A job whose dedupe key already exists is not inserted again; the id is null then.
 */
export async function insertJob(db: Executor, job: NewJob): Promise<string | null> {
  const [id] = await insertJobs(db, [job]);
  return id ?? null;
}

/** Inserts several jobs in one statement (a batch of submissions); returns the ids of those inserted. */
export async function insertJobs(db: Executor, jobs: NewJob[]): Promise<string[]> {
  if (jobs.length === 0) return [];
  // One statement, one round trip: the inserts, and a NOTIFY per inserted job's queue (PostgreSQL delivers one per
  // distinct payload). NOTIFY is delivered at commit, so a worker never wakes for a job it cannot see yet.
  const rows = await db
    .with('inserted', (qb) =>
      qb
        .insertInto('job')
        .values(
          jobs.map((job) => ({
            tenant_id: job.tenantId,
            queue: job.queue,
            name: job.name,
            payload: JSON.stringify(job.payload),
            run_at: job.runAt,
            created_at: job.createdAt,
            max_attempts: job.maxAttempts,
            dedupe_key: job.dedupeKey,
          })),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning(['id', 'queue']),
    )
    .selectFrom('inserted')
    .select(['inserted.id', sql<string>`pg_notify(${JOB_CHANNEL}, inserted.queue)`.as('notified')])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims up to `limit` ready jobs in one statement. SKIP LOCKED lets concurrent workers take disjoint sets; the lease
 * (`locked_until`) replaces a long transaction, so a worker that dies releases its jobs when the lease runs out.
 */
export async function claimJobs(
  db: Executor,
  options: { workerId: string; queues: string[]; now: Date; leaseMs: number; limit: number },
): Promise<Job[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const result = await sql<Job>`
    UPDATE job SET locked_by = ${options.workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM job
      WHERE queue = ANY(${options.queues}::text[])
        AND done_at IS NULL AND failed_at IS NULL
        AND run_at <= ${options.now}
        AND (locked_until IS NULL OR locked_until < ${options.now})
      ORDER BY run_at, id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return result.rows;
}

/** Marks a job done, only if this worker still holds it (a lease taken over by another worker is theirs now). */
export async function completeJob(
  db: Executor,
  options: { id: string; workerId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ done_at: options.now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', options.id)
    .where('locked_by', '=', options.workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function failJob(
  db: Executor,
  options: { id: string; workerId: string; error: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await db
    .updateTable('job')
    .set(
      options.retryAt
        ? { run_at: options.retryAt, locked_by: null, locked_until: null, last_error: options.error }
        : { failed_at: options.now, locked_by: null, locked_until: null, last_error: options.error },
    )
    .where('id', '=', options.id)
    .where('locked_by', '=', options.workerId)
    .execute();
}

export type JobCounts = { queue: string; name: string; ready: string; running: string; done: string; failed: string };

/** Per kind of job: how many wait, run, finished and failed (the operators' jobs page). */
export async function countJobs(db: Executor, now: Date): Promise<JobCounts[]> {
  return db
    .selectFrom('job')
    .select(['queue', 'name'])
    .select([
      sql<string>`count(*) FILTER (WHERE done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < ${now}))`.as(
        'ready',
      ),
      sql<string>`count(*) FILTER (WHERE done_at IS NULL AND failed_at IS NULL AND locked_until >= ${now})`.as(
        'running',
      ),
      sql<string>`count(*) FILTER (WHERE done_at IS NOT NULL)`.as('done'),
      sql<string>`count(*) FILTER (WHERE failed_at IS NOT NULL)`.as('failed'),
    ])
    .groupBy(['queue', 'name'])
    .orderBy('queue')
    .orderBy('name')
    .execute();
}

export async function listFailedJobs(db: Executor, limit: number): Promise<Job[]> {
  return db
    .selectFrom('job')
    .selectAll()
    .where('failed_at', 'is not', null)
    .orderBy('failed_at', 'desc')
    .limit(limit)
    .execute();
}

/** Gives a failed job another round of attempts (an operator's decision, audited by the caller). */
export async function retryFailedJob(db: Executor, options: { id: string; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ failed_at: null, attempts: 0, run_at: options.now, last_error: null })
    .where('id', '=', options.id)
    .where('failed_at', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Finished jobs are kept a while for the operators, then removed (their dedupe keys with them). */
export async function deleteFinishedJobsBefore(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('job').where('done_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
