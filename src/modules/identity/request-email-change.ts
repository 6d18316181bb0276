import { findAccountByEmail, findAccountById } from '../../platform/auth/accounts.repo.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { identityEmail } from './identity-mail.ts';
import { insertToken } from './identity.repo.ts';
import { newToken, tokenDigest } from './secret-box.ts';

/** A new e-mail address is taken only once its owner follows the link sent to it (24 hours). */
export async function requestEmailChange(
  services: Services,
  options: { user: CurrentUser; newEmail: string; password: string; basePath: string },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const account = await findAccountById(services.db, options.user.id);
  if (!account) return { ok: false, errors: { newEmail: 'Compte introuvable.' } };
  if (account.password_hash && !(await verifyPassword(account.password_hash, options.password))) {
    return { ok: false, errors: { password: 'Le mot de passe est incorrect.' } };
  }
  const newEmail = options.newEmail.trim();
  if (newEmail.toLowerCase() === account.email.toLowerCase())
    return { ok: false, errors: { newEmail: 'C’est déjà votre adresse.' } };
  const now = services.clock.now();
  const token = newToken();
  const taken = await findAccountByEmail(services.db, newEmail);
  await services.db.transaction().execute(async (trx) => {
    // An address that already has an account gets no link (and the page does not say so).
    if (taken) return;
    await insertToken(trx, {
      id: tokenDigest(token),
      purpose: 'email_change',
      userId: account.id,
      email: newEmail,
      at: now,
      expiresAt: new Date(now.getTime() + 24 * 60 * 60_000),
    });
    await queueEmail(trx, services.jobs, {
      to: newEmail,
      content: identityEmail({
        subject: 'Confirmez votre nouvelle adresse électronique',
        paragraphs: [
          'Vous avez demandé à utiliser cette adresse pour votre compte GrandLyon Connect. Confirmez-la avec le lien ci-dessous, valable 24 heures.',
        ],
        action: {
          label: 'Confirmer cette adresse',
          url: `${services.config.publicUrl}${options.basePath}/compte/adresse-electronique/confirmer?jeton=${token}`,
        },
      }),
    });
  });
  return { ok: true };
}
