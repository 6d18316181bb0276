import type { Insertable, Updateable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Agenda, AgendaClosure, AgendaTable, MeetingType, OpeningHours } from './appointments.tables.ts';
import type { AgendaCalendar } from './slot-calendar.ts';

/** Agendas, their meeting types, opening hours and closures, inside one tenant's scope. */

export async function listAgendas(trx: TenantTransaction, options: { activeOnly?: boolean } = {}): Promise<Agenda[]> {
  let query = trx.selectFrom('agenda').selectAll().where('tenant_id', '=', trx.tenantId);
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('name').execute();
}

export async function findAgenda(trx: TenantTransaction, id: string): Promise<Agenda | undefined> {
  return trx
    .selectFrom('agenda')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertAgenda(
  trx: TenantTransaction,
  values: Omit<Insertable<AgendaTable>, 'tenant_id' | 'id'>,
): Promise<Agenda> {
  return trx
    .insertInto('agenda')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateAgenda(
  trx: TenantTransaction,
  id: string,
  values: Omit<Updateable<AgendaTable>, 'tenant_id' | 'id' | 'created_at'>,
): Promise<void> {
  await trx.updateTable('agenda').set(values).where('tenant_id', '=', trx.tenantId).where('id', '=', id).execute();
}

export async function listMeetingTypes(
  trx: TenantTransaction,
  agendaId: string,
  options: { activeOnly?: boolean } = {},
): Promise<MeetingType[]> {
  let query = trx
    .selectFrom('meeting_type')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId);
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('duration_minutes').orderBy('name').execute();
}

export async function insertMeetingType(
  trx: TenantTransaction,
  values: { agendaId: string; name: string; durationMinutes: number },
): Promise<MeetingType> {
  return trx
    .insertInto('meeting_type')
    .values({
      tenant_id: trx.tenantId,
      agenda_id: values.agendaId,
      name: values.name,
      duration_minutes: values.durationMinutes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setMeetingTypeActive(
  trx: TenantTransaction,
  agendaId: string,
  id: string,
  active: boolean,
): Promise<boolean> {
  const result = await trx
    .updateTable('meeting_type')
    .set({ active })
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listOpeningHours(trx: TenantTransaction, agendaId: string): Promise<OpeningHours[]> {
  return trx
    .selectFrom('opening_hours')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .orderBy('weekday')
    .orderBy('opens_minute')
    .execute();
}

export async function replaceOpeningHours(
  trx: TenantTransaction,
  agendaId: string,
  hours: ReadonlyArray<{ weekday: number; opensMinute: number; closesMinute: number }>,
): Promise<void> {
  await trx
    .deleteFrom('opening_hours')
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .execute();
  if (hours.length === 0) return;
  await trx
    .insertInto('opening_hours')
    .values(
      hours.map((h) => ({
        tenant_id: trx.tenantId,
        agenda_id: agendaId,
        weekday: h.weekday,
        opens_minute: h.opensMinute,
        closes_minute: h.closesMinute,
      })),
    )
    .execute();
}

export async function listClosures(trx: TenantTransaction, agendaId: string): Promise<AgendaClosure[]> {
  return trx
    .selectFrom('agenda_closure')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .orderBy('first_day')
    .execute();
}

export async function insertClosure(
  trx: TenantTransaction,
  values: { agendaId: string; firstDay: string; lastDay: string; reason: string },
): Promise<void> {
  await trx
    .insertInto('agenda_closure')
    .values({
      tenant_id: trx.tenantId,
      agenda_id: values.agendaId,
      first_day: values.firstDay,
      last_day: values.lastDay,
      reason: values.reason,
    })
    .execute();
}

export async function deleteClosure(trx: TenantTransaction, agendaId: string, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('agenda_closure')
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What the slot arithmetic needs of an agenda, read in two statements. */
export async function loadAgendaCalendar(trx: TenantTransaction, agenda: Agenda): Promise<AgendaCalendar> {
  // One connection per transaction: the two reads run one after the other anyway.
  const hours = await listOpeningHours(trx, agenda.id);
  const closures = await listClosures(trx, agenda.id);
  return {
    slotMinutes: agenda.slot_minutes,
    capacity: agenda.capacity,
    closedOnHolidays: agenda.closed_on_holidays,
    hours: hours.map((h) => ({ weekday: h.weekday, opensMinute: h.opens_minute, closesMinute: h.closes_minute })),
    closures: closures.map((c) => ({ firstDay: c.first_day, lastDay: c.last_day })),
  };
}
