import { z } from 'zod';
import type { Executor } from '../../../platform/db/tenant-scope.ts';
import { defineJob } from '../../../platform/jobs/job-definition.ts';
import { type JobQueue, type PlannedJob, planJob } from '../../../platform/jobs/queue.ts';
import { queueEmail } from '../../../platform/mail/send-mail.job.ts';
import { createSmsSender } from './sms-outbox.ts';

/** What the citizen is told at a key step, written once and delivered on every channel they have. */
export type CitizenNotification = {
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
  /** Who speaks: the administration handling the request. */
  signature: string;
  /** The same news in 160 characters or so. */
  sms: string;
};

export type Recipient = { email: string | null; sms: string | null; displayName: string | null };

/**
 * A delivery channel. Each enqueues its own job in the caller's transaction (outbox pattern), so a status change and
 * its notifications commit together; a channel the recipient has no address for is skipped.
 */
export type NotificationChannel = {
  name: 'email' | 'sms';
  enqueue(
    db: Executor,
    jobs: JobQueue,
    to: Recipient,
    notification: CitizenNotification,
    options: { tenantId: string; dedupeKey: string },
  ): Promise<boolean>;
};

export const sendSmsJob = defineJob({
  name: 'sms.send',
  queue: 'mail',
  schema: z.object({ to: z.string().regex(/^[0-9 +]{10,20}$/), text: z.string().min(1).max(480) }),
  maxAttempts: 10,
  async handler(sms, { services, job }) {
    await createSmsSender(services.config.dataDir).send({ ...sms, reference: `job-${job.id}` });
  },
});

/**
 * One text message to send, as a job to enqueue with the caller's other work (outbox pattern): the one way any module
 * sends an SMS, through the same job and sender as the citizens' notifications.
 */
export function planSms(
  sms: { to: string; text: string },
  options: { tenantId: string; dedupeKey: string },
): PlannedJob {
  return planJob(sendSmsJob, { to: sms.to, text: sms.text.slice(0, 480) }, options);
}

export const emailChannel: NotificationChannel = {
  name: 'email',
  async enqueue(db, jobs, to, notification, options) {
    if (!to.email) return false;
    await queueEmail(db, jobs, {
      to: to.email,
      tenantId: options.tenantId,
      dedupeKey: `${options.dedupeKey}:email`,
      content: {
        subject: notification.subject,
        greeting: to.displayName ? `Bonjour ${to.displayName},` : 'Bonjour,',
        paragraphs: notification.paragraphs,
        action: notification.action,
        signature: notification.signature,
      },
    });
    return true;
  },
};

export const smsChannel: NotificationChannel = {
  name: 'sms',
  async enqueue(db, jobs, to, notification, options) {
    if (!to.sms) return false;
    await jobs.enqueue(
      db,
      sendSmsJob,
      { to: to.sms, text: notification.sms.slice(0, 480) },
      { tenantId: options.tenantId, dedupeKey: `${options.dedupeKey}:sms` },
    );
    return true;
  },
};

export const CHANNELS: readonly NotificationChannel[] = [emailChannel, smsChannel];

/** Sends a notification on every channel the recipient can be reached on; returns the channels used. */
export async function notifyCitizen(
  db: Executor,
  jobs: JobQueue,
  to: Recipient,
  notification: CitizenNotification,
  options: { tenantId: string; dedupeKey: string },
): Promise<string[]> {
  const used: string[] = [];
  for (const channel of CHANNELS)
    if (await channel.enqueue(db, jobs, to, notification, options)) used.push(channel.name);
  return used;
}
