import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsSender, listSmsOutbox, smsOutboxDir } from './sms-outbox.ts';

// The development SMS outbox lists the newest messages, reads no more files than it shows, and survives a bad file.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'communs-sms-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the SMS outbox (T5)', () => {
  it('lists the newest messages first, up to the limit, and leaves out a file it cannot read', async () => {
    const sender = createSmsSender(dataDir);
    const dir = smsOutboxDir(dataDir);
    for (const [i, reference] of ['ancien', 'moyen', 'recent'].entries()) {
      await sender.send({ to: '+33612345678', text: `Message ${reference}`, reference });
      // Distinct modification times, one minute apart, whatever the file system's resolution.
      const at = new Date(Date.UTC(2026, 10, 29, 10, i));
      await utimes(path.join(dir, `${reference}.json`), at, at);
    }
    await writeFile(path.join(dir, 'abime.json'), '{ pas du JSON');

    const two = await listSmsOutbox(dataDir, 2);
    expect(two.map((e) => e.text)).toEqual(['Message recent', 'Message moyen']);

    const all = await listSmsOutbox(dataDir);
    expect(all.map((e) => e.id)).toEqual(['recent.json', 'moyen.json', 'ancien.json']);
  });

  it('is empty before the first message', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'communs-sms-vide-'));
    expect(await listSmsOutbox(empty)).toEqual([]);
    await rm(empty, { recursive: true, force: true });
  });
});
