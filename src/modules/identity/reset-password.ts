import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { clearLoginAttempts } from '../../platform/auth/login-throttle.repo.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { identityEmail } from './identity-mail.ts';
import { findLiveToken, updatePasswordHash, useToken } from './identity.repo.ts';
import { passwordProblem } from './password-policy.ts';
import { tokenDigest } from './secret-box.ts';

/** A new password from a reset link: every open session ends (whoever knew the old password is out). */
export async function resetPassword(
  services: Services,
  options: { token: string; password: string; ip: string },
): Promise<
  { ok: true } | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'invalid'; errors: FieldErrors }
> {
  const now = services.clock.now();
  const pending = await findLiveToken(services.db, tokenDigest(options.token), 'password_reset', now);
  if (!pending?.userId) return { ok: false, reason: 'invalid_link' };
  const problem = passwordProblem(options.password, { email: pending.email });
  if (problem) return { ok: false, reason: 'invalid', errors: { password: problem } };
  const passwordHash = await hashPassword(options.password);
  const userId = pending.userId;
  const done = await services.db.transaction().execute(async (trx) => {
    if (!(await useToken(trx, pending.id, now))) return false;
    await updatePasswordHash(trx, userId, passwordHash);
    await deleteSessionsOfUser(trx, userId);
    await clearLoginAttempts(trx, `account:${pending.email.toLowerCase()}`);
    await recordAudit(trx, {
      actor: { userId, label: pending.email, ip: options.ip },
      tenantId: null,
      action: 'identity.password.reset',
      target: { type: 'user_account', id: userId },
      at: now,
    });
    await queueEmail(trx, services.jobs, {
      to: pending.email,
      content: identityEmail({
        subject: 'Votre mot de passe GrandLyon Connect a changé',
        paragraphs: [
          'Le mot de passe de votre compte GrandLyon Connect vient d’être changé. Si ce n’est pas vous, choisissez-en un nouveau sans attendre et prévenez le support.',
        ],
      }),
    });
    return true;
  });
  return done ? { ok: true } : { ok: false, reason: 'invalid_link' };
}
