import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { releaseSeats, updateBooking } from './booking.repo.ts';
import { queueBookingMail } from './booking-mail.ts';
import { type BookingKey, changeRefusal, findManagedBooking } from './managed-booking.ts';

/** The citizen cancels before the agenda's limit: the seats go back to others at once. */
export async function cancelAppointment(
  services: Services,
  tenant: ResolvedTenant,
  key: BookingKey,
): Promise<{ ok: true } | { ok: false; message: string } | undefined> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const managed = await findManagedBooking(trx, key);
    if (!managed) return undefined;
    const refusal = changeRefusal(managed, now);
    if (refusal) return { ok: false as const, message: refusal };
    await releaseSeats(trx, managed.booking.id);
    await updateBooking(trx, managed.booking.id, { status: 'cancelled', cancelledAt: now });
    await queueBookingMail(services, trx, tenant, { ...managed, kind: 'cancelled' });
    return { ok: true as const };
  });
}
