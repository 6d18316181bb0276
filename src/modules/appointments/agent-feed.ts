import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { newSecret, hashSecret } from './appointment-format.ts';
import { appointmentsCalendar } from './appointment-ics.ts';
import {
  activeFeedToken,
  findFeedToken,
  insertFeedToken,
  listBookingsBetween,
  revokeFeedTokens,
} from './booking.repo.ts';

/**
 * An agent's calendar feed: a secret address their calendar software subscribes to, listing the tenant's
 * appointments from a month back to a year ahead. Only its hash is stored, so the address is shown once; issuing a
 * new one revokes the old, and the agent can revoke it outright.
 */
export async function issueFeedToken(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor & { userId: string },
): Promise<string> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    await revokeFeedTokens(trx, actor.userId, now);
    const secret = newSecret();
    await insertFeedToken(trx, { userId: actor.userId, tokenHash: secret.hash, at: now });
    await recordAudit(trx, { actor, tenantId: tenant.id, action: 'appointments.feed.issue', at: now });
    return secret.token;
  });
}

export async function revokeFeed(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor & { userId: string },
): Promise<void> {
  const now = services.clock.now();
  await withTenant(services.db, tenant.id, async (trx) => {
    if ((await revokeFeedTokens(trx, actor.userId, now)) > 0) {
      await recordAudit(trx, { actor, tenantId: tenant.id, action: 'appointments.feed.revoke', at: now });
    }
  });
}

export async function feedStatus(services: Services, tenant: ResolvedTenant, userId: string) {
  return withTenant(services.db, tenant.id, (trx) => activeFeedToken(trx, userId));
}

/** The feed's calendar, or undefined when the address is unknown or revoked. */
export async function renderFeed(
  services: Services,
  tenant: ResolvedTenant,
  token: string,
): Promise<string | undefined> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    if (!(await findFeedToken(trx, hashSecret(token)))) return undefined;
    const bookings = await listBookingsBetween(trx, {
      from: new Date(now.getTime() - 31 * 86_400_000),
      to: new Date(now.getTime() + 366 * 86_400_000),
      activeOnly: true,
    });
    return appointmentsCalendar(
      bookings.map((b) => ({
        id: b.id,
        startsAt: b.starts_at,
        endsAt: b.ends_at,
        title: `${b.meeting_type_name} – ${b.name}`,
        place: b.place,
        description: `${b.agenda_name}. ${b.email}${b.phone ? `, ${b.phone}` : ''}`,
      })),
      {
        host: new URL(services.config.publicUrl).hostname || 'communs.localhost',
        name: `Rendez-vous – ${tenant.name}`,
      },
    );
  });
}
