import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { MINUTE } from '../clock.ts';
import { defineJob, defineRecurringJob, type JobDefinition } from './job-definition.ts';
import { JobQueue } from './queue.ts';
import { Worker } from './worker.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

/**
 * Each test gets its own queue name, so tests sharing one PostgreSQL database (the CI's second run) never see each
 * other's jobs, and a services bag whose registry knows only that test's jobs.
 */
function isolatedJobs<P>(definition: JobDefinition<P>) {
  const jobs = new JobQueue(t.clock).register(definition);
  const services = { ...t.services, jobs };
  return {
    jobs,
    services,
    worker: (id?: string, leaseMs?: number) => new Worker(services, { id, leaseMs, pollMs: 20, concurrency: 4 }),
  };
}
const queueName = () => `test-${randomBytes(4).toString('hex')}`;

describe('job queue (issue 2 §7)', () => {
  it('enqueues in the caller’s transaction: rolled back, the job never exists', async () => {
    const ran: string[] = [];
    const job = defineJob({
      name: `${queueName()}.record`,
      queue: queueName(),
      schema: z.object({ n: z.string() }),
      handler: async (p) => void ran.push(p.n),
    });
    const { jobs, worker } = isolatedJobs(job);
    await t.services.db
      .transaction()
      .execute(async (trx) => {
        await jobs.enqueue(trx, job, { n: 'annulé' });
        throw new Error('the business write fails');
      })
      .catch(() => {});
    await t.services.db.transaction().execute((trx) => jobs.enqueue(trx, job, { n: 'validé' }));
    await worker().drain();
    expect(ran).toEqual(['validé']);
  });

  it('refuses a payload that does not match the schema when enqueued', async () => {
    const job = defineJob({
      name: `${queueName()}.typed`,
      queue: queueName(),
      schema: z.object({ n: z.number() }),
      handler: async () => {},
    });
    const { jobs } = isolatedJobs(job);
    await expect(
      jobs.enqueue(t.services.db, job, { n: 'pas un nombre' } as unknown as { n: number }),
    ).rejects.toThrow();
  });

  it('inserts a job once per dedupe key', async () => {
    let runs = 0;
    const job = defineJob({
      name: `${queueName()}.once`,
      queue: queueName(),
      schema: z.object({}),
      handler: async () => void runs++,
    });
    const { jobs, worker } = isolatedJobs(job);
    const first = await jobs.enqueue(t.services.db, job, {}, { dedupeKey: `ack:${queueName()}` });
    expect(first).not.toBeNull();
    const key = (
      await t.services.db
        .selectFrom('job')
        .select('dedupe_key')
        .where('id', '=', first as string)
        .executeTakeFirstOrThrow()
    ).dedupe_key as string;
    expect(await jobs.enqueue(t.services.db, job, {}, { dedupeKey: key })).toBeNull();
    await worker().drain();
    expect(runs).toBe(1);
  });

  it('never runs a job twice with concurrent workers', async () => {
    const runs = new Map<number, number>();
    const queue = queueName();
    const job = defineJob({
      name: `${queue}.count`,
      queue,
      schema: z.object({ n: z.number() }),
      async handler({ n }) {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      },
    });
    const { jobs, worker } = isolatedJobs(job);
    const total = 60;
    await t.services.db.transaction().execute(async (trx) => {
      for (let n = 0; n < total; n++) await jobs.enqueue(trx, job, { n });
    });
    const workers = Array.from({ length: 4 }, (_, i) => worker(`w${i}`));
    await Promise.all(workers.map((w) => w.drain()));
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('retries a job whose worker died, once its lease has run out', async () => {
    const queue = queueName();
    let completions = 0;
    let hang = true;
    const job = defineJob({
      name: `${queue}.fragile`,
      queue,
      schema: z.object({}),
      async handler() {
        // The first worker "dies": its handler never returns.
        if (hang) return new Promise<void>(() => {});
        completions++;
      },
    });
    const { jobs, worker } = isolatedJobs(job);
    const id = await jobs.enqueue(t.services.db, job, {});
    void worker('mourant', 5 * MINUTE).runOnce();
    await new Promise((resolve) => setTimeout(resolve, 50));
    hang = false;
    const rescuer = worker('secours', 5 * MINUTE);
    expect(await rescuer.runOnce()).toBe(0);
    t.clock.advance(5 * MINUTE + 1000);
    expect(await rescuer.runOnce()).toBe(1);
    expect(completions).toBe(1);
    const row = await t.services.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', id as string)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
    expect(row.done_at).not.toBeNull();
  });

  it('backs off after a failure, then fails for good after the last attempt', async () => {
    const queue = queueName();
    let calls = 0;
    const job = defineJob({
      name: `${queue}.broken`,
      queue,
      maxAttempts: 3,
      schema: z.object({}),
      async handler() {
        calls++;
        throw new Error('le serveur distant ne répond pas');
      },
    });
    const { jobs, worker } = isolatedJobs(job);
    const id = (await jobs.enqueue(t.services.db, job, {})) as string;
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    // Not yet: the next attempt waits 2^1 minutes.
    expect(await w.runOnce()).toBe(0);
    t.clock.advance(2 * MINUTE);
    expect(await w.runOnce()).toBe(1);
    t.clock.advance(4 * MINUTE);
    expect(await w.runOnce()).toBe(1);
    t.clock.advance(60 * MINUTE);
    expect(await w.runOnce()).toBe(0);
    expect(calls).toBe(3);
    const row = await t.services.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.failed_at).not.toBeNull();
    expect(row.last_error).toBe('le serveur distant ne répond pas');
  });

  it('runs a recurring job once per time slot, whatever the number of workers', async () => {
    const queue = queueName();
    const slots: string[] = [];
    const recurring = defineRecurringJob({
      name: `${queue}.hourly`,
      queue,
      everyMinutes: 60,
      schema: z.object({ slot: z.string() }),
      handler: async ({ slot }) => void slots.push(slot),
    });
    const jobs = new JobQueue(t.clock).register(recurring);
    const services = { ...t.services, jobs };
    const workers = [
      new Worker(services, { id: 'a' }),
      new Worker(services, { id: 'b' }),
      new Worker(services, { id: 'c' }),
    ];
    for (const w of workers) await w.enqueueDueRecurringJobs();
    await Promise.all(workers.map((w) => w.drain()));
    t.clock.advance(60 * MINUTE);
    for (const w of workers) await w.enqueueDueRecurringJobs();
    await Promise.all(workers.map((w) => w.drain()));
    expect(slots).toHaveLength(2);
    expect(new Set(slots).size).toBe(2);
  });

  it('wakes a sleeping worker as soon as a job is committed (NOTIFY)', async () => {
    const queue = queueName();
    let resolveRan: () => void = () => {};
    const ran = new Promise<void>((resolve) => {
      resolveRan = resolve;
    });
    const job = defineJob({ name: `${queue}.wake`, queue, schema: z.object({}), handler: async () => resolveRan() });
    const jobs = new JobQueue(t.clock).register(job);
    // A poll interval far longer than the test: only the notification can wake it in time.
    const worker = new Worker({ ...t.services, jobs }, { pollMs: 60_000 });
    await worker.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.services.db.transaction().execute((trx) => jobs.enqueue(trx, job, {}));
    const outcome = await Promise.race([
      ran.then(() => 'ran'),
      new Promise((resolve) => setTimeout(() => resolve('slept'), 10_000)),
    ]);
    await worker.stop();
    expect(outcome).toBe('ran');
  });
});
