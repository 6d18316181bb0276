import type { Clock } from '../clock.ts';
import type { Executor } from '../db/tenant-scope.ts';
import type { JobDefinition, RecurringJobDefinition } from './job-definition.ts';
import { insertJobs, type NewJob } from './jobs.repo.ts';

export type EnqueueOptions = {
  tenantId?: string | null;
  runAt?: Date;
  /** Same key, same job: enqueuing twice (a retried request, a replayed event) inserts once. */
  dedupeKey?: string;
};

/** A job decided on but not inserted yet: a batch inserts its jobs together (JobQueue.enqueueAll). */
export type PlannedJob = { definition: JobDefinition; payload: unknown; options: EnqueueOptions };

export function planJob<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): PlannedJob {
  return { definition: definition as unknown as JobDefinition, payload, options };
}

/** The registry of job kinds and the one way to enqueue them. */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly recurringDefinitions: RecurringJobDefinition[] = [];

  constructor(private readonly clock: Clock) {}

  /** Registers a kind of job; one that declares `everyMinutes` is also scheduled once per slot. */
  register<P>(definition: JobDefinition<P> | RecurringJobDefinition): this {
    if (this.definitions.has(definition.name)) throw new Error(`job ${definition.name} registered twice`);
    // Stored without its payload type: the worker re-validates every payload with the definition's own schema.
    this.definitions.set(definition.name, definition as unknown as JobDefinition);
    if ('everyMinutes' in definition) this.recurringDefinitions.push(definition);
    return this;
  }

  definition(name: string): JobDefinition | undefined {
    return this.definitions.get(name);
  }

  recurring(): readonly RecurringJobDefinition[] {
    return this.recurringDefinitions;
  }

  queues(): string[] {
    return [...new Set([...this.definitions.values()].map((d) => d.queue))];
  }

  /**
   * Enqueues in the given executor, which should be the transaction of the business write the job follows from.
   * The payload is validated now, so a bad payload fails the caller rather than a worker later.
   */
  async enqueue<P>(
    db: Executor,
    definition: JobDefinition<P>,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const [id] = await this.enqueueAll(db, [planJob(definition, payload, options)]);
    return id ?? null;
  }

  /** Enqueues several jobs in one statement; returns the ids of those inserted (a known dedupe key is skipped). */
  async enqueueAll(db: Executor, planned: PlannedJob[]): Promise<string[]> {
    return insertJobs(
      db,
      planned.map((job) => this.prepare(job)),
    );
  }

  /** A planned job as a row to insert, its payload validated: for a statement that inserts it along with other rows. */
  prepare({ definition, payload, options }: PlannedJob): NewJob {
    if (!this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is not registered`);
    const now = this.clock.now();
    return {
      tenantId: options.tenantId ?? null,
      queue: definition.queue,
      name: definition.name,
      payload: definition.schema.parse(payload),
      runAt: options.runAt ?? now,
      createdAt: now,
      maxAttempts: definition.maxAttempts,
      dedupeKey: options.dedupeKey ?? null,
    };
  }
}
