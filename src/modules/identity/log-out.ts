import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { deleteSession } from '../../platform/auth/sessions.repo.ts';
import type { Services } from '../../platform/services.ts';
import { findSessionAuthentication, type SessionAuthentication } from './identity.repo.ts';

/**
 * Ends the session, audited. Gives how it was opened: a session opened through FranceConnect or ProConnect must end
 * at the partner too.
 */
export async function logOut(
  services: Services,
  options: { user: CurrentUser; actor: AuditActor },
): Promise<SessionAuthentication | undefined> {
  const { user } = options;
  const auth = await findSessionAuthentication(services.db, user.sessionId);
  await services.db.transaction().execute(async (trx) => {
    await deleteSession(trx, user.sessionId);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: null,
      action: 'session.logout',
      target: { type: 'user_account', id: user.id },
      at: services.clock.now(),
    });
  });
  return auth;
}
