import type { Executor } from '../../platform/db/tenant-scope.ts';
import { type FormDefinition, ZFormDefinition } from './form-definition.ts';
import { findFormVersion } from './forms.repo.ts';

export type LoadedForm = { id: string; version: number; definition: FormDefinition };

// A published form version is frozen (trigger), so its parsed definition is cached for the life of the process.
const cache = new Map<string, LoadedForm>();

export async function loadFormVersion(db: Executor, id: string): Promise<LoadedForm> {
  const cached = cache.get(id);
  if (cached) return cached;
  const row = await findFormVersion(db, id);
  if (!row) throw new Error(`form version ${id} not found`);
  const loaded = { id: row.id, version: row.version, definition: ZFormDefinition.parse(row.definition) };
  if (row.published_at) cache.set(id, loaded);
  return loaded;
}
