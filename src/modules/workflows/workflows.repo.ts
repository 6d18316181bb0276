import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { WorkflowVersionRow } from './workflows.tables.ts';
import { type WorkflowDefinition, ZWorkflowDefinition } from './workflow-definition.ts';

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

/** Workflow versions a tenant may use: the platform's and its own, newest first within each key. */
export async function listWorkflowVersions(trx: TenantTransaction) {
  return trx
    .selectFrom('workflow_version')
    .select(['id', 'tenant_id', 'key', 'version', 'definition', 'published_at', 'created_at'])
    .where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', trx.tenantId)]))
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
}

/** The same versions' ids, in the same order (their definitions come from loadWorkflow's cache). */
export async function listWorkflowVersionIds(trx: TenantTransaction): Promise<string[]> {
  const rows = await trx
    .selectFrom('workflow_version')
    .select('id')
    .where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', trx.tenantId)]))
    .orderBy('key')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

export async function nextWorkflowVersion(trx: TenantTransaction, key: string): Promise<number> {
  const row = await trx
    .selectFrom('workflow_version')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('tenant_id', '=', trx.tenantId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function insertTenantWorkflowVersion(
  db: Executor,
  v: { tenantId: string; key: string; version: number; definition: unknown; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('workflow_version')
    .values({
      tenant_id: v.tenantId,
      key: v.key,
      version: v.version,
      definition: JSON.stringify(v.definition),
      created_at: v.at,
      published_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
