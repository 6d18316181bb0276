import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type { StudioRevisionRow, StudioServiceRow } from './studio.tables.ts';

/** The studio's services and their versions, always inside the tenant's scope (row-level security behind it). */

const servicesOf = (trx: TenantTransaction) =>
  trx.selectFrom('studio_service').selectAll().where('tenant_id', '=', trx.tenantId);

/** A service's versions, latest first. */
const revisionsOf = (trx: TenantTransaction, serviceId: string) =>
  trx
    .selectFrom('studio_revision')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('number', 'desc');

export async function findStudioService(trx: TenantTransaction, id: string): Promise<StudioServiceRow | undefined> {
  if (!isUuid(id)) return undefined;
  return servicesOf(trx).where('id', '=', id).executeTakeFirst();
}

export async function findStudioServiceBySlug(
  trx: TenantTransaction,
  slug: string,
): Promise<StudioServiceRow | undefined> {
  return servicesOf(trx).where('slug', '=', slug).executeTakeFirst();
}

export async function insertStudioService(trx: TenantTransaction, slug: string, at: Date): Promise<StudioServiceRow> {
  return trx
    .insertInto('studio_service')
    .values({ tenant_id: trx.tenantId, slug, created_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type StudioServiceSummary = {
  id: string;
  slug: string;
  title: string;
  latest: number;
  published: number | null;
  updatedAt: Date;
};

export async function listStudioServices(trx: TenantTransaction): Promise<StudioServiceSummary[]> {
  const rows = await trx
    .selectFrom('studio_service as s')
    .innerJoin('studio_revision as r', 'r.service_id', 's.id')
    .select([
      's.id',
      's.slug',
      sql<string>`(array_agg(r.content->'service'->>'title' ORDER BY r.number DESC))[1]`.as('title'),
      sql<number>`max(r.number)`.as('latest'),
      sql<number | null>`max(r.number) FILTER (WHERE r.published_at IS NOT NULL)`.as('published'),
      sql<Date>`max(r.created_at)`.as('updatedAt'),
    ])
    .where('s.tenant_id', '=', trx.tenantId)
    .groupBy(['s.id', 's.slug'])
    .orderBy('title')
    .execute();
  return rows.map((r) => ({
    ...r,
    latest: Number(r.latest),
    published: r.published === null ? null : Number(r.published),
  }));
}

export async function listRevisions(trx: TenantTransaction, serviceId: string): Promise<StudioRevisionRow[]> {
  return revisionsOf(trx, serviceId).execute();
}

export async function findRevision(
  trx: TenantTransaction,
  serviceId: string,
  number: number,
): Promise<StudioRevisionRow | undefined> {
  return revisionsOf(trx, serviceId).where('number', '=', number).executeTakeFirst();
}

export async function latestRevision(trx: TenantTransaction, serviceId: string): Promise<StudioRevisionRow> {
  return revisionsOf(trx, serviceId).limit(1).executeTakeFirstOrThrow();
}

export async function latestPublishedRevision(
  trx: TenantTransaction,
  serviceId: string,
): Promise<StudioRevisionRow | undefined> {
  return revisionsOf(trx, serviceId).where('published_at', 'is not', null).limit(1).executeTakeFirst();
}

export async function insertRevision(
  trx: TenantTransaction,
  revision: { serviceId: string; content: unknown; note: string; at: Date; by: string },
): Promise<StudioRevisionRow> {
  // The service's row is locked so two saves at once get successive numbers rather than one failing.
  await trx.selectFrom('studio_service').select('id').where('id', '=', revision.serviceId).forUpdate().execute();
  const next = await trx
    .selectFrom('studio_revision')
    .select(sql<number>`coalesce(max(number), 0) + 1`.as('n'))
    .where('service_id', '=', revision.serviceId)
    .executeTakeFirstOrThrow();
  return trx
    .insertInto('studio_revision')
    .values({
      tenant_id: trx.tenantId,
      service_id: revision.serviceId,
      number: Number(next.n),
      content: JSON.stringify(revision.content),
      note: revision.note,
      created_at: revision.at,
      created_by_label: revision.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markPublished(
  trx: TenantTransaction,
  revisionId: string,
  published: { at: Date; formVersionId: string; workflowVersionId: string },
): Promise<void> {
  await trx
    .updateTable('studio_revision')
    .set({
      published_at: published.at,
      form_version_id: published.formVersionId,
      workflow_version_id: published.workflowVersionId,
    })
    .where('id', '=', revisionId)
    .execute();
}
