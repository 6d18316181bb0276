import { sql } from 'kysely';
import type { TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import { RELAYED_STATUS } from '../../workflows/index.ts';

/**
 * Per-tenant statistics, computed in the tenant's scope over its own requests. Months are Paris
 * calendar months; processing time leaves out the time spent waiting for the citizen.
 */
const parisMonth = (column: 'submitted_at' | 'closed_at') =>
  sql<string>`to_char(${sql.ref(`request.${column}`)} AT TIME ZONE 'Europe/Paris', 'YYYY-MM')`;

export async function requestsPerServiceAndMonth(
  trx: TenantTransaction,
  since: Date,
): Promise<Array<{ eservice_id: string; title: string; month: string; count: number }>> {
  const rows = await trx
    .selectFrom('request')
    .select([
      'request.eservice_id',
      sql<string>`min(request.acknowledgement->>'serviceTitle')`.as('title'),
      parisMonth('submitted_at').as('month'),
      sql<string>`count(*)`.as('count'),
    ])
    .where('request.tenant_id', '=', trx.tenantId)
    .where('request.submitted_at', '>=', since)
    .groupBy(['request.eservice_id', sql`3`])
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Median processing time by month of closing, in days; relayed requests (never processed here) left out. */
export async function medianProcessingPerMonth(
  trx: TenantTransaction,
  since: Date,
): Promise<Array<{ month: string; closed: number; median_days: number }>> {
  const rows = await trx
    .selectFrom('request')
    .select([
      parisMonth('closed_at').as('month'),
      sql<string>`count(*)`.as('closed'),
      sql<string>`percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract(epoch FROM request.closed_at - request.submitted_at) - request.paused_seconds) / 86400.0)`.as(
        'median_days',
      ),
    ])
    .where('request.tenant_id', '=', trx.tenantId)
    .where('request.closed_at', '>=', since)
    .where('request.status', '<>', RELAYED_STATUS)
    .groupBy(sql`1`)
    .execute();
  return rows.map((r) => ({ month: r.month, closed: Number(r.closed), median_days: Number(r.median_days) }));
}

/** Open requests by status, and how long they have waited, at `now`. */
export async function openBacklog(
  trx: TenantTransaction,
  now: Date,
): Promise<
  Array<{ status: string; workflow_version_id: string; count: number; over7: number; over30: number; over90: number }>
> {
  const older = (days: number) =>
    sql<string>`count(*) FILTER (WHERE request.submitted_at < ${new Date(now.getTime() - days * 86_400_000)})`;
  const rows = await trx
    .selectFrom('request')
    .select([
      'request.status',
      'request.workflow_version_id',
      sql<string>`count(*)`.as('count'),
      older(7).as('over7'),
      older(30).as('over30'),
      older(90).as('over90'),
    ])
    .where('request.tenant_id', '=', trx.tenantId)
    .where('request.closed_at', 'is', null)
    .groupBy(['request.status', 'request.workflow_version_id'])
    .execute();
  return rows.map((r) => ({
    status: r.status,
    workflow_version_id: r.workflow_version_id,
    count: Number(r.count),
    over7: Number(r.over7),
    over30: Number(r.over30),
    over90: Number(r.over90),
  }));
}
