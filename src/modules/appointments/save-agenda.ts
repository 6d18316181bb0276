import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { insertAgenda, updateAgenda } from './agenda.repo.ts';
import { administerAgenda } from './administer-agenda.ts';

export type AgendaSettings = {
  name: string;
  desk: string;
  place: string;
  resources: string;
  slotMinutes: number;
  capacity: number;
  horizonDays: number;
  minNoticeHours: number;
  changeLimitHours: number;
  reminderHours: number;
  closedOnHolidays: boolean;
  active: boolean;
};

function columns(s: AgendaSettings) {
  return {
    name: s.name,
    desk: s.desk,
    place: s.place,
    resources: s.resources,
    slot_minutes: s.slotMinutes,
    capacity: s.capacity,
    horizon_days: s.horizonDays,
    min_notice_hours: s.minNoticeHours,
    change_limit_hours: s.changeLimitHours,
    reminder_hours: s.reminderHours,
    closed_on_holidays: s.closedOnHolidays,
    active: s.active,
  };
}

/** Creates an agenda for a desk of the tenant (audited). */
export async function createAgenda(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor,
  settings: AgendaSettings,
): Promise<string> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const agenda = await insertAgenda(trx, { ...columns(settings), created_at: now });
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'appointments.agenda.create',
      target: { type: 'agenda', id: agenda.id },
      details: { ...settings },
      at: now,
    });
    return agenda.id;
  });
}

/** Changes an agenda's settings (audited); existing bookings keep their seats. */
export async function updateAgendaSettings(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor,
  agendaId: string,
  settings: AgendaSettings,
): Promise<boolean | undefined> {
  return administerAgenda(services, tenant, actor, agendaId, {
    action: 'appointments.agenda.update',
    apply: async (trx, agenda) => {
      await updateAgenda(trx, agenda.id, columns(settings));
      return { result: true, details: { ...settings } };
    },
  });
}
