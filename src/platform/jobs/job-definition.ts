import type { z } from 'zod';
import type { Services } from '../services.ts';

/** What a running job knows besides its payload. */
export type JobContext = {
  services: Services;
  job: { id: string; attempts: number; tenantId: string | null };
};

/**
 * A kind of job: a name, a zod schema checked when enqueued and again when run (a payload written by an older
 * release is refused cleanly rather than half-processed), and an idempotent handler: delivery is at least once.
 */
export type JobDefinition<P = unknown> = {
  name: string;
  queue: string;
  schema: z.ZodType<P>;
  maxAttempts: number;
  // A method, so that a list of job kinds (a module's descriptor) can hold definitions of different payloads.
  handler(payload: P, context: JobContext): Promise<void>;
};

/** A job that runs once per time slot, whichever process gets there first (the slot is its dedupe key). */
export type RecurringJobDefinition = JobDefinition<{ slot: string }> & { everyMinutes: number };

export function defineJob<P>(definition: {
  name: string;
  queue?: string;
  schema: z.ZodType<P>;
  maxAttempts?: number;
  handler: (payload: P, context: JobContext) => Promise<void>;
}): JobDefinition<P> {
  return { queue: 'default', maxAttempts: 8, ...definition };
}

export function defineRecurringJob(definition: {
  name: string;
  everyMinutes: number;
  queue?: string;
  schema: z.ZodType<{ slot: string }>;
  handler: (payload: { slot: string }, context: JobContext) => Promise<void>;
}): RecurringJobDefinition {
  return { queue: 'default', maxAttempts: 3, ...definition };
}

/** Start of the slot `at` falls in, for a job that runs every `everyMinutes` (aligned on the Unix epoch, UTC). */
export function slotStart(at: Date, everyMinutes: number): Date {
  const size = everyMinutes * 60_000;
  return new Date(Math.floor(at.getTime() / size) * size);
}

/** Delay before the next attempt: 2^attempts minutes, capped at six hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts, 360) * 60_000;
}
