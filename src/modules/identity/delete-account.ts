import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { forgetLoginAttempts } from '../../platform/auth/login-throttle.repo.ts';
import { DAY } from '../../platform/clock.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { listSubjectsSeenByClients } from './consents.repo.ts';
import { identityEmail } from './identity-mail.ts';
import { deleteTokensOfEmail, deleteUserAccount } from './identity.repo.ts';
import { destroyAccountArtefacts } from './oidc/oidc-store.repo.ts';
import { insertTombstones } from './tombstones.repo.ts';

export type DeletionReason = 'request' | 'inactivity';

/**
 * Deletes everything held about a person: the account and, by cascade, their identity record, sessions,
 * roles, consents, federation links, tokens; the provider's grants, tokens and sessions (relying parties' tokens stop
 * working); the throttling counters and pending links keyed by their e-mail. What remains: for each client that knew
 * them, the pairwise `sub` it knew, in the deleted-accounts feed for a year, and an audit entry without any
 * personal data. A last e-mail tells them.
 */
export async function deleteAccount(
  services: Services,
  options: { userId: string; reason: DeletionReason; actor: AuditActor },
): Promise<boolean> {
  const account = await findAccountById(services.db, options.userId);
  if (!account) return false;
  const now = services.clock.now();
  const email = account.email.toLowerCase();
  await services.db.transaction().execute(async (trx) => {
    const seen = await listSubjectsSeenByClients(trx, account.id);
    await insertTombstones(trx, seen, now, new Date(now.getTime() + services.config.identity.tombstoneDays * DAY));
    await destroyAccountArtefacts(trx, account.id);
    await forgetLoginAttempts(trx, [`account:${email}`, `mail:${email}`, `totp:${account.id}`]);
    await deleteTokensOfEmail(trx, email);
    await queueEmail(trx, services.jobs, {
      to: account.email,
      content: identityEmail({
        subject: 'Votre compte GrandLyon Connect a été supprimé',
        paragraphs: [
          options.reason === 'inactivity'
            ? 'Votre compte GrandLyon Connect n’avait pas été utilisé depuis plus de deux ans. Comme annoncé, il a été supprimé avec toutes les informations qu’il contenait.'
            : 'Comme vous l’avez demandé, votre compte GrandLyon Connect a été supprimé avec toutes les informations qu’il contenait.',
          'Les services auxquels vous aviez autorisé l’accès à votre compte en sont informés. Vous pouvez créer un nouveau compte à tout moment.',
        ],
      }),
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: null,
      action: 'identity.account.delete',
      target: { type: 'user_account', id: account.id },
      details: { reason: options.reason, clientsNotified: seen.length },
      at: now,
    });
    await deleteUserAccount(trx, account.id);
  });
  return true;
}
