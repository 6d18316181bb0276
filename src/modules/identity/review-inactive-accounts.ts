import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { DAY } from '../../platform/clock.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { formatDate } from '../../platform/views/format.ts';
import { deleteAccount } from './delete-account.ts';
import { identityEmail } from './identity-mail.ts';
import { type InactiveAccount, listInactiveAccounts, updateIdentityAccount } from './identity.repo.ts';

/** Mails and deletions per run: a backlog is worked through over several days rather than in one burst. */
export const INACTIVITY_BATCH = 500;

/**
 * Warns citizens at 730 days without a login or a service's keep-alive, deletes them at 760 (both configurable),
 * and never deletes anyone who was not warned at least the difference (30 days) before. A login or a keep-alive
 * after the warning lifts it. Staff accounts (any role) are left to their administrations. Dry-run mode only reports
 * what would happen, in the audit log.
 */
export async function reviewInactiveAccounts(
  services: Services,
): Promise<{ warned: number; deleted: number; dryRun: boolean }> {
  const { inactivityWarningDays, inactivityDeletionDays, inactivityDryRun } = services.config.identity;
  const now = services.clock.now();
  const noticeMs = (inactivityDeletionDays - inactivityWarningDays) * DAY;
  const inactiveSince = (days: number) =>
    listInactiveAccounts(services.db, new Date(now.getTime() - days * DAY), INACTIVITY_BATCH * 4);

  const warnedInTime = (a: InactiveAccount) => a.warnedAt !== null && a.warnedAt >= a.lastActivity;
  const toWarn = (await inactiveSince(inactivityWarningDays))
    .filter((a) => !warnedInTime(a))
    .slice(0, INACTIVITY_BATCH);
  const toDelete = (await inactiveSince(inactivityDeletionDays))
    .filter((a) => warnedInTime(a) && now.getTime() - a.warnedAt!.getTime() >= noticeMs)
    .slice(0, INACTIVITY_BATCH);

  if (inactivityDryRun) {
    await recordAudit(services.db, {
      actor: SYSTEM_ACTOR,
      tenantId: null,
      action: 'identity.inactivity.dry-run',
      details: {
        wouldWarn: toWarn.length,
        wouldDelete: toDelete.length,
        warningDays: inactivityWarningDays,
        deletionDays: inactivityDeletionDays,
      },
      at: now,
    });
    return { warned: 0, deleted: 0, dryRun: true };
  }

  for (const account of toWarn) {
    const deletionDate = new Date(
      Math.max(account.lastActivity.getTime() + inactivityDeletionDays * DAY, now.getTime() + noticeMs),
    );
    await services.db.transaction().execute(async (trx) => {
      await updateIdentityAccount(trx, account.id, { inactivity_warned_at: now });
      await queueEmail(trx, services.jobs, {
        to: account.email,
        dedupeKey: `inactivity-warning:${account.id}:${now.toISOString().slice(0, 10)}`,
        content: identityEmail({
          subject: 'Votre compte GrandLyon Connect sera bientôt supprimé',
          paragraphs: [
            `Votre compte GrandLyon Connect n’a pas été utilisé depuis le ${formatDate(account.lastActivity)}. Sans nouvelle connexion, il sera supprimé le ${formatDate(deletionDate)}, avec toutes les informations qu’il contient.`,
            'Pour le conserver, il suffit de vous connecter une fois avant cette date.',
          ],
          action: { label: 'Me connecter pour conserver mon compte', url: `${services.config.publicUrl}/connexion` },
        }),
      });
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: null,
        action: 'identity.inactivity.warn',
        target: { type: 'user_account', id: account.id },
        details: { deletionDate: deletionDate.toISOString() },
        at: now,
      });
    });
  }
  let deleted = 0;
  for (const account of toDelete) {
    if (await deleteAccount(services, { userId: account.id, reason: 'inactivity', actor: SYSTEM_ACTOR })) deleted++;
  }
  return { warned: toWarn.length, deleted, dryRun: false };
}
