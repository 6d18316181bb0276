import { z } from 'zod';
import type { Executor } from '../db/tenant-scope.ts';
import { defineJob } from '../jobs/job-definition.ts';
import { type JobQueue, type PlannedJob, planJob } from '../jobs/queue.ts';
import { type EmailContent, renderEmail } from './email-template.tsx';

const ZSendMail = z.object({
  to: z.email(),
  subject: z.string().min(1).max(300),
  text: z.string(),
  html: z.string(),
  replyTo: z.email().optional(),
  /** Small text attachments only (an invitation's .ics): the job row carries them, so they stay small. */
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(100),
        contentType: z.string().max(100),
        content: z.string().max(50_000),
      }),
    )
    .max(3)
    .optional(),
});

export type MailAttachment = { filename: string; contentType: string; content: string };

/** Mail always leaves from a job, never during a request: a slow or absent SMTP server delays mail, not pages. */
export const sendMailJob = defineJob({
  name: 'mail.send',
  queue: 'mail',
  schema: ZSendMail,
  maxAttempts: 10,
  async handler(mail, { services, job }) {
    const host = new URL(services.config.publicUrl).hostname || 'communs.localhost';
    await services.mailer.send({ ...mail, messageId: `<job-${job.id}@${host}>` });
  },
});

/** Renders a message into the job that will send it, to be enqueued with others (JobQueue.enqueueAll). */
export function emailJob(options: {
  to: string;
  content: EmailContent;
  tenantId?: string | null;
  dedupeKey?: string;
  attachments?: MailAttachment[];
}): PlannedJob {
  return planJob(
    sendMailJob,
    {
      to: options.to,
      ...renderEmail(options.content),
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
    },
    { tenantId: options.tenantId ?? null, ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}) },
  );
}

/** Renders a message and enqueues its sending in the caller's transaction. */
export async function queueEmail(
  db: Executor,
  jobs: JobQueue,
  options: {
    to: string;
    content: EmailContent;
    tenantId?: string | null;
    dedupeKey?: string;
    attachments?: MailAttachment[];
  },
): Promise<void> {
  await jobs.enqueueAll(db, [emailJob(options)]);
}
