import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Job } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { retryDelayMs, slotStart } from './job-definition.ts';
import { claimJobs, completeJob, failJob, insertJob, JOB_CHANNEL } from './jobs.repo.ts';

export type WorkerOptions = {
  concurrency?: number;
  /** How long a claimed job stays this worker's before another may take it. */
  leaseMs?: number;
  /** Fallback poll when no NOTIFY arrives (and the pace of recurring-job slots). */
  pollMs?: number;
  queues?: string[];
  id?: string;
};

/**
 * Runs jobs. Any number of workers may run against PostgreSQL; each claims with SKIP LOCKED, so none runs a job
 * another holds. Handlers run outside any transaction, under a lease. Tests drive a worker with `runOnce()` /
 * `drain()` and the injected clock instead of starting its loop.
 */
export class Worker {
  readonly id: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly lastSlots = new Map<string, number>();
  private readonly logger: FastifyBaseLogger;

  constructor(
    private readonly services: Services,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.id ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? services.config.workerConcurrency;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.logger = services.logger.child({ worker: this.id });
  }

  private queues(): string[] {
    return this.options.queues ?? this.services.jobs.queues();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unlisten = await this.services.database.listen(JOB_CHANNEL, (queue) => {
      if (this.queues().includes(queue)) this.wake?.();
    });
    this.loop = this.run();
  }

  /** Stops claiming, lets running handlers finish, releases the NOTIFY connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.unlisten?.();
    this.unlisten = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let processed = 0;
      try {
        await this.enqueueDueRecurringJobs();
        processed = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'worker loop error');
      }
      if (processed === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** Inserts the current slot of every recurring job; the dedupe key makes one process win each slot. */
  async enqueueDueRecurringJobs(): Promise<void> {
    const now = this.services.clock.now();
    for (const definition of this.services.jobs.recurring()) {
      if (!this.queues().includes(definition.queue)) continue;
      const slot = slotStart(now, definition.everyMinutes);
      if (this.lastSlots.get(definition.name) === slot.getTime()) continue;
      await insertJob(this.services.db, {
        tenantId: null,
        queue: definition.queue,
        name: definition.name,
        payload: { slot: slot.toISOString() },
        runAt: slot,
        createdAt: now,
        maxAttempts: definition.maxAttempts,
        dedupeKey: `recurring:${definition.name}:${slot.toISOString()}`,
      });
      this.lastSlots.set(definition.name, slot.getTime());
    }
  }

  /** Claims one batch and runs it; returns how many jobs were run. */
  async runOnce(): Promise<number> {
    const jobs = await claimJobs(this.services.db, {
      workerId: this.id,
      queues: this.queues(),
      now: this.services.clock.now(),
      leaseMs: this.leaseMs,
      limit: this.concurrency,
    });
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length;
  }

  /** Runs batches until none is ready (tests). */
  async drain(maxBatches = 1000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.runOnce();
      if (n === 0) return total;
      total += n;
    }
    return total;
  }

  private async execute(job: Job): Promise<void> {
    const { clock, db, jobs } = this.services;
    const definition = jobs.definition(job.name);
    const log = this.logger.child({ job: job.id, name: job.name, attempt: job.attempts });
    const fail = async (message: string, retry: boolean) => {
      const retryAt =
        retry && job.attempts < job.max_attempts ? new Date(clock.now().getTime() + retryDelayMs(job.attempts)) : null;
      await failJob(db, { id: job.id, workerId: this.id, error: message.slice(0, 2000), retryAt, now: clock.now() });
      log.warn({ retryAt }, retryAt ? 'job failed, will retry' : 'job failed for good');
    };
    if (!definition) return fail(`aucun traitement nommé ${job.name}`, false);
    if (job.attempts > job.max_attempts) return fail('bail expiré à la dernière tentative', false);
    const payload = definition.schema.safeParse(job.payload);
    // A payload that no longer matches its schema will not match on retry either.
    if (!payload.success) return fail(`contenu invalide : ${payload.error.message}`, false);
    try {
      await definition.handler(payload.data, {
        services: this.services,
        job: { id: job.id, attempts: job.attempts, tenantId: job.tenant_id },
      });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error), true);
    }
    await completeJob(db, { id: job.id, workerId: this.id, now: clock.now() });
  }
}
