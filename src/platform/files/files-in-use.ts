import { sql } from 'kysely';
import type { Executor } from '../db/tenant-scope.ts';
import type { Services } from '../services.ts';

/**
 * Every stored file's hash that some data still points to: the `stored_file` rows, and what the modules hold by hash
 * alone (their descriptors' `heldFileHashes`). The backup copies exactly these; the sweep removes every other file.
 */
export async function filesInUse(services: Services, db: Executor): Promise<Set<string>> {
  const rows = await sql<{ sha256: string }>`SELECT DISTINCT sha256 FROM stored_file`.execute(db);
  const hashes = new Set(rows.rows.map((r) => r.sha256));
  for (const module of services.modules) {
    for (const sha256 of (await module.heldFileHashes?.(db)) ?? []) hashes.add(sha256);
  }
  return hashes;
}
