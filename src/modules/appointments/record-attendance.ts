import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findBooking, updateBooking } from './booking.repo.ts';

export type Attendance = 'checked_in' | 'no_show' | 'booked';

/**
 * An agent notes at the desk that the citizen came (check-in) or did not (no-show), or undoes it. A cancelled
 * booking stays cancelled; a no-show is noted only once the appointment has begun.
 */
export async function recordAttendance(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor,
  bookingId: string,
  attendance: Attendance,
): Promise<{ ok: true } | { ok: false; message: string } | undefined> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const booking = await findBooking(trx, bookingId);
    if (!booking) return undefined;
    if (booking.status === 'cancelled') return { ok: false as const, message: 'Ce rendez-vous a été annulé.' };
    if (attendance === 'no_show' && now < booking.starts_at) {
      return {
        ok: false as const,
        message: 'Une absence ne peut être notée qu’une fois l’heure du rendez-vous venue.',
      };
    }
    await updateBooking(trx, booking.id, { status: attendance, attendedAt: attendance === 'booked' ? null : now });
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: `appointments.booking.${attendance}`,
      target: { type: 'booking', id: booking.id },
      at: now,
    });
    return { ok: true as const };
  });
}
