import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job-definition.ts';

/**
 * Text messages. No SMS provider is contracted yet, so the only sender is the development outbox, like mail's:
 * each message is a file under DATA_DIR/sms-outbox. A provider will be another `SmsSender` behind the same job.
 */
export type SmsSender = { send(message: { to: string; text: string; id: string }): Promise<void> };

export function outboxSmsSender(dataDir: string): SmsSender {
  const dir = path.join(dataDir, 'sms-outbox');
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      // Named by the job: a retried delivery overwrites its own file instead of writing a second message.
      const name = `${message.id.replace(/[^a-zA-Z0-9-]/g, '')}.json`;
      await writeFile(path.join(dir, name), JSON.stringify({ to: message.to, text: message.text }));
    },
  };
}

/** The messages of the development outbox (the tests read them). */
export async function readSmsOutbox(dataDir: string): Promise<Array<{ to: string; text: string }>> {
  const dir = path.join(dataDir, 'sms-outbox');
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8')) as never));
}

/** French mobile numbers as the form accepts them, written in the international form senders expect. */
export function mobileNumber(phone: string | null): string | undefined {
  const digits = (phone ?? '').replace(/[\s.-]/g, '');
  const match = /^(?:\+33|0033|0)([67]\d{8})$/.exec(digits);
  return match ? `+33${match[1]}` : undefined;
}

export const sendSmsJob = defineJob({
  name: 'appointments.send-sms',
  queue: 'mail',
  schema: z.object({ to: z.string().regex(/^\+33[67]\d{8}$/), text: z.string().min(1).max(480) }),
  maxAttempts: 5,
  async handler(message, { services, job }) {
    await outboxSmsSender(services.config.dataDir).send({ ...message, id: job.id });
  },
});
