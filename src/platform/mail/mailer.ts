import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** A stable Message-ID: a message delivered twice (at-least-once jobs) carries the same id, so receivers can drop the copy. */
  messageId?: string;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
};

export type Mailer = {
  /** 'smtp' in production; 'outbox' writes .eml files that operators read in the interface. */
  kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
};

export function createMailer(options: { smtpUrl: string | undefined; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      kind: 'smtp',
      async send(mail) {
        await transport.sendMail({ ...mail, from: options.from });
      },
      close: () => transport.close(),
    };
  }
  // Development: the message is built exactly as SMTP would carry it, then kept as a file.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(mail) {
      const info = await transport.sendMail({ ...mail, from: options.from });
      await mkdir(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(path.join(options.outboxDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}

export type OutboxEntry = { id: string; subject: string; to: string; date: Date | null };
export type OutboxMessage = OutboxEntry & { from: string; text: string; html: string | null };

const OUTBOX_ID = /^[0-9A-Za-z-]+\.eml$/;

/** The development outbox, newest first. */
export async function listOutbox(outboxDir: string, limit = 100): Promise<OutboxEntry[]> {
  const names = await readdir(outboxDir).catch(() => [] as string[]);
  const newest = names
    .filter((n) => OUTBOX_ID.test(n))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    newest.map(async (id) => {
      const parsed = await simpleParser(await readFile(path.join(outboxDir, id)));
      return { id, subject: parsed.subject ?? '(sans objet)', to: addressText(parsed.to), date: parsed.date ?? null };
    }),
  );
}

export async function readOutboxMessage(outboxDir: string, id: string): Promise<OutboxMessage | undefined> {
  // The id comes from a URL: it must name a file of the outbox and nothing else.
  if (!OUTBOX_ID.test(id)) return undefined;
  const raw = await readFile(path.join(outboxDir, id)).catch(() => undefined);
  if (!raw) return undefined;
  const parsed = await simpleParser(raw);
  return {
    id,
    subject: parsed.subject ?? '(sans objet)',
    to: addressText(parsed.to),
    from: addressText(parsed.from),
    date: parsed.date ?? null,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
}

function addressText(value: { text: string } | Array<{ text: string }> | undefined): string {
  if (!value) return '';
  return Array.isArray(value) ? value.map((v) => v.text).join(', ') : value.text;
}
