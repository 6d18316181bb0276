import type { Insertable, Updateable } from 'kysely';
import { isUuid } from '../../platform/db/uuid.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { IncidentEventTable, IncidentReportTable, IncidentRow, IncidentStatus } from './incidents.tables.ts';

export async function nextIncidentNumber(trx: TenantTransaction): Promise<number> {
  const row = await trx
    .selectFrom('incident_report')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('tenant_id', '=', trx.tenantId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertIncident(
  trx: TenantTransaction,
  values: Omit<Insertable<IncidentReportTable>, 'tenant_id'>,
): Promise<IncidentRow> {
  return trx
    .insertInto('incident_report')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertIncidentEvent(db: Executor, values: Insertable<IncidentEventTable>): Promise<void> {
  await db.insertInto('incident_event').values(values).execute();
}

/** A report by its id, within a tenant when one is given (a commune's pages), else any (the metropolis's desk). */
export async function findIncident(db: Executor, id: string, tenantId?: string): Promise<IncidentRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('incident_report').selectAll().where('id', '=', id);
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return query.executeTakeFirst();
}

export async function listIncidents(db: Executor, tenantId?: string): Promise<IncidentRow[]> {
  let query = db.selectFrom('incident_report').selectAll();
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return query
    .orderBy('closed_at', (ob) => ob.desc().nullsFirst())
    .orderBy('reported_at', 'desc')
    .execute();
}

/** Moves a report on, only from the statuses given (two operators acting at once: the second changes nothing). */
export async function updateIncident(
  db: Executor,
  id: string,
  from: readonly IncidentStatus[],
  values: Updateable<IncidentReportTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('incident_report')
    .set(values)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listIncidentEvents(db: Executor, incidentId: string) {
  return db
    .selectFrom('incident_event')
    .leftJoin('stored_file', 'stored_file.id', 'incident_event.file_id')
    .select([
      'incident_event.id',
      'incident_event.kind',
      'incident_event.body',
      'incident_event.file_id',
      'incident_event.actor_label',
      'incident_event.side',
      'incident_event.at',
      'stored_file.original_name as file_name',
      'stored_file.sha256 as file_sha256',
      'stored_file.byte_size as file_size',
      'stored_file.media_type as file_type',
    ])
    .where('incident_event.incident_id', '=', incidentId)
    .orderBy('incident_event.at')
    .execute();
}

export type IncidentEventView = Awaited<ReturnType<typeof listIncidentEvents>>[number];
