import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, findAccountById } from '../../platform/auth/accounts.repo.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { identityEmail } from './identity-mail.ts';
import { findLiveToken, recordVerifiedEmail, updateAccountEmail, useToken } from './identity.repo.ts';
import { tokenDigest } from './secret-box.ts';

/** The link sent to the new address was followed: it becomes the account's, verified; the old one is told. */
export async function confirmEmailChange(
  services: Services,
  options: { token: string; ip: string },
): Promise<{ ok: boolean }> {
  const now = services.clock.now();
  const pending = await findLiveToken(services.db, tokenDigest(options.token), 'email_change', now);
  if (!pending?.userId) return { ok: false };
  const account = await findAccountById(services.db, pending.userId);
  if (!account || (await findAccountByEmail(services.db, pending.email))) return { ok: false };
  const ok = await services.db.transaction().execute(async (trx) => {
    if (!(await useToken(trx, pending.id, now))) return false;
    await updateAccountEmail(trx, account.id, pending.email);
    await recordVerifiedEmail(trx, account.id, pending.email, now);
    await recordAudit(trx, {
      actor: { userId: account.id, label: pending.email, ip: options.ip },
      tenantId: null,
      action: 'identity.email.change',
      target: { type: 'user_account', id: account.id },
      at: now,
    });
    await queueEmail(trx, services.jobs, {
      to: account.email,
      content: identityEmail({
        subject: 'L’adresse de votre compte GrandLyon Connect a changé',
        paragraphs: [
          `Votre compte GrandLyon Connect utilise désormais l’adresse ${pending.email}. Si ce n’est pas vous, prévenez le support sans attendre.`,
        ],
      }),
    });
    return true;
  });
  return { ok };
}
