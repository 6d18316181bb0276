import { z } from 'zod';
import { deleteExpiredSessions } from './auth/sessions.repo.ts';
import { deleteStaleThrottles } from './auth/login-throttle.repo.ts';
import { defineRecurringJob } from './jobs/job-definition.ts';
import { deleteFinishedJobsBefore } from './jobs/jobs.repo.ts';
import { sendMailJob } from './mail/send-mail.job.ts';
import { sweepUnusedFiles } from './files/sweep-unused-files.ts';

const KEEP_FINISHED_JOBS_MS = 30 * 24 * 60 * 60_000;

/** Hourly housekeeping: expired sessions, old throttling windows, finished jobs older than 30 days. */
export const platformCleanupJob = defineRecurringJob({
  name: 'platform.cleanup',
  everyMinutes: 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    const now = services.clock.now();
    await deleteExpiredSessions(services.db, now);
    await deleteStaleThrottles(services.db, new Date(now.getTime() - 24 * 60 * 60_000));
    await deleteFinishedJobsBefore(services.db, new Date(now.getTime() - KEEP_FINISHED_JOBS_MS));
  },
});

/** Daily: the stored files nothing points to any more (a request's files purged at the end of its retention…). */
export const fileSweepJob = defineRecurringJob({
  name: 'platform.file-sweep',
  everyMinutes: 24 * 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await sweepUnusedFiles(services);
  },
});

/** The platform's own kinds of job (every module's are listed in its descriptor). */
export const PLATFORM_JOBS = [sendMailJob, platformCleanupJob, fileSweepJob];
