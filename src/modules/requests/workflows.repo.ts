import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { WorkflowVersionRow } from './requests.tables.ts';
import { type WorkflowDefinition, ZWorkflowDefinition } from './workflow.ts';

/**
 * Workflow versions. The platform's own (tenant_id NULL) are inserted outside any tenant scope, once: a published
 * version never changes, a new circuit is a new version.
 */
export async function ensurePlatformWorkflow(
  db: Executor,
  key: string,
  version: number,
  definition: WorkflowDefinition,
  at: Date,
): Promise<string> {
  await db
    .insertInto('workflow_version')
    .values({ tenant_id: null, key, version, definition: JSON.stringify(definition), created_at: at, published_at: at })
    .onConflict((oc) => oc.columns(['tenant_id', 'key', 'version']).doNothing())
    .execute();
  const row = await db
    .selectFrom('workflow_version')
    .select('id')
    .where('tenant_id', 'is', null)
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findWorkflowVersion(db: Executor, id: string): Promise<WorkflowVersionRow | undefined> {
  return db.selectFrom('workflow_version').selectAll().where('id', '=', id).executeTakeFirst();
}

// Published versions never change, so their parsed form can be kept for the life of the process.
const parsed = new Map<string, WorkflowDefinition>();

export async function loadWorkflow(db: Executor, id: string): Promise<WorkflowDefinition> {
  const cached = parsed.get(id);
  if (cached) return cached;
  const row = await findWorkflowVersion(db, id);
  if (!row) throw new Error(`workflow version ${id} not found`);
  const definition = ZWorkflowDefinition.parse(row.definition);
  if (row.published_at) parsed.set(id, definition);
  return definition;
}
