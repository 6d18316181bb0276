import type { Services } from '../services.ts';
import { filesInUse } from './files-in-use.ts';

/**
 * A file is kept a day after it was last written: it is stored before the row that points to it is committed, so a
 * younger file may belong to an upload still in progress.
 */
const GRACE_MS = 24 * 60 * 60_000;

/**
 * Removes the stored files no data points to any more: what retention purged (a request's attachments), what a
 * person's withdrawal erased (the pétale space), an export no one keeps. The files are listed before the data is read,
 * so a file stored meanwhile is either in use or too young.
 */
export async function sweepUnusedFiles(services: Services): Promise<{ removed: number }> {
  const cutoff = new Date(services.clock.now().getTime() - GRACE_MS);
  const stored = await services.files.list();
  const inUse = await filesInUse(services, services.db);
  let removed = 0;
  for (const file of stored) {
    if (inUse.has(file.sha256) || file.writtenAt > cutoff) continue;
    if (await services.files.remove(file.sha256, cutoff)) removed++;
  }
  if (removed > 0) services.logger.info({ removed }, 'stored files no longer used removed');
  return { removed };
}
