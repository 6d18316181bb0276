import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** An SMS as the platform hands it to a provider. */
export type OutgoingSms = { to: string; text: string; reference: string };

/**
 * Where SMS go. In development (and until an SMS provider is configured) each message is written as a JSON file in
 * DATA_DIR/sms-outbox, listed for operators like the mail outbox. A provider plugs in behind the same `send`.
 */
export type SmsSender = { kind: 'outbox'; send(sms: OutgoingSms): Promise<void> };

export function smsOutboxDir(dataDir: string): string {
  return path.join(dataDir, 'sms-outbox');
}

export function createSmsSender(dataDir: string): SmsSender {
  const dir = smsOutboxDir(dataDir);
  return {
    kind: 'outbox',
    async send(sms) {
      await mkdir(dir, { recursive: true });
      // The reference is the job's: a retried job overwrites its own file rather than adding a second message.
      const name = `${sms.reference.replace(/[^0-9A-Za-z-]/g, '-')}.json`;
      await writeFile(path.join(dir, name), JSON.stringify({ ...sms, writtenAt: new Date().toISOString() }, null, 2));
    },
  };
}

export type SmsOutboxEntry = { id: string; to: string; text: string; writtenAt: string };

const SMS_ID = /^[0-9A-Za-z-]+\.json$/;

/**
 * The newest messages first. Only the newest `limit` files are read (by modification time, a cheap stat): the outbox
 * grows with every SMS sent in development. A file that cannot be read or parsed is left out, not an error page.
 */
export async function listSmsOutbox(dataDir: string, limit = 100): Promise<SmsOutboxEntry[]> {
  const dir = smsOutboxDir(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => SMS_ID.test(n));
  const dated = await Promise.all(
    names.map(async (id) => ({ id, modified: (await stat(path.join(dir, id)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  const newestFirst = dated.sort((a, b) => b.modified - a.modified).map((d) => d.id);
  const entries: SmsOutboxEntry[] = [];
  // Read by slices of `limit`, newest first, until enough messages are found (an unreadable file takes no slot).
  for (let start = 0; start < newestFirst.length && entries.length < limit; start += limit) {
    const read = await Promise.all(newestFirst.slice(start, start + limit).map((id) => readSms(dir, id)));
    entries.push(...read.filter((entry) => entry !== null));
  }
  return entries.slice(0, limit).sort((a, b) => b.writtenAt.localeCompare(a.writtenAt));
}

async function readSms(dir: string, id: string): Promise<SmsOutboxEntry | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, id), 'utf8')) as Partial<SmsOutboxEntry>;
    if (typeof parsed.to !== 'string' || typeof parsed.text !== 'string' || typeof parsed.writtenAt !== 'string')
      return null;
    return { id, to: parsed.to, text: parsed.text, writtenAt: parsed.writtenAt };
  } catch {
    return null;
  }
}

export const newSmsReference = () => randomBytes(6).toString('hex');
