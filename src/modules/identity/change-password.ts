import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { updatePasswordHash } from './identity.repo.ts';
import { passwordProblem } from './password-policy.ts';

/** The citizen changes their password (or sets one, for an account opened with FranceConnect); other sessions end. */
export async function changePassword(
  services: Services,
  options: { user: CurrentUser; currentPassword: string; newPassword: string; ip: string },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const account = await findAccountById(services.db, options.user.id);
  if (!account) return { ok: false, errors: { currentPassword: 'Compte introuvable.' } };
  if (account.password_hash && !(await verifyPassword(account.password_hash, options.currentPassword))) {
    return { ok: false, errors: { currentPassword: 'Le mot de passe actuel est incorrect.' } };
  }
  const problem = passwordProblem(options.newPassword, { email: account.email });
  if (problem) return { ok: false, errors: { newPassword: problem } };
  const passwordHash = await hashPassword(options.newPassword);
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, account.id, passwordHash);
    await deleteSessionsOfUser(trx, account.id, options.user.sessionId);
    await recordAudit(trx, {
      actor: { userId: account.id, label: account.email, ip: options.ip },
      tenantId: null,
      action: account.password_hash ? 'identity.password.change' : 'identity.password.set',
      target: { type: 'user_account', id: account.id },
      at: now,
    });
  });
  return { ok: true };
}
