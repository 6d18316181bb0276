import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import {
  deleteClosure,
  insertClosure,
  insertMeetingType,
  replaceOpeningHours,
  setMeetingTypeActive,
} from './agenda.repo.ts';
import { administerAgenda } from './administer-agenda.ts';

/**
 * What an administrator sets on an agenda besides its settings: meeting types, weekly opening hours, closures.
 * Each answers undefined when the agenda is not the tenant's. A meeting type is retired, never deleted: bookings
 * point at it.
 */
export type AgendaChange =
  | { kind: 'addMeetingType'; name: string; durationMinutes: number }
  | { kind: 'setMeetingTypeActive'; meetingTypeId: string; active: boolean }
  | { kind: 'setOpeningHours'; hours: Array<{ weekday: number; opensMinute: number; closesMinute: number }> }
  | { kind: 'addClosure'; firstDay: string; lastDay: string; reason: string }
  | { kind: 'removeClosure'; closureId: string };

export async function configureAgenda(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor,
  agendaId: string,
  change: AgendaChange,
): Promise<boolean | undefined> {
  return administerAgenda(services, tenant, actor, agendaId, {
    action: `appointments.agenda.${change.kind}`,
    apply: async (trx, agenda) => {
      const { kind, ...details } = change;
      switch (kind) {
        case 'addMeetingType':
          await insertMeetingType(trx, {
            agendaId: agenda.id,
            name: change.name,
            durationMinutes: change.durationMinutes,
          });
          return { result: true, details };
        case 'setMeetingTypeActive':
          return {
            result: await setMeetingTypeActive(trx, agenda.id, change.meetingTypeId, change.active),
            details,
          };
        case 'setOpeningHours':
          await replaceOpeningHours(trx, agenda.id, change.hours);
          return { result: true, details };
        case 'addClosure':
          await insertClosure(trx, {
            agendaId: agenda.id,
            firstDay: change.firstDay,
            lastDay: change.lastDay,
            reason: change.reason,
          });
          return { result: true, details };
        case 'removeClosure':
          return { result: await deleteClosure(trx, agenda.id, change.closureId), details };
      }
    },
  });
}
