import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { takeLoginAttempt } from '../../platform/auth/login-throttle.repo.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { identityEmail } from './identity-mail.ts';
import { insertToken } from './identity.repo.ts';
import { MAILS_PER_ADDRESS_PER_HOUR } from './request-sign-up.ts';
import { newToken, tokenDigest } from './secret-box.ts';

export const RESET_LINK_MINUTES = 60;

/** Sends a reset link when the address has an account; the page says the same thing either way. */
export async function requestPasswordReset(
  services: Services,
  options: { email: string; basePath: string },
): Promise<void> {
  const now = services.clock.now();
  const email = options.email.trim();
  const sent = await takeLoginAttempt(services.db, { key: `mail:${email.toLowerCase()}`, now, windowMs: 60 * 60_000 });
  if (sent > MAILS_PER_ADDRESS_PER_HOUR) return;
  const account = await findAccountByEmail(services.db, email);
  if (!account || account.disabled_at) return;
  const token = newToken();
  await services.db.transaction().execute(async (trx) => {
    await insertToken(trx, {
      id: tokenDigest(token),
      purpose: 'password_reset',
      userId: account.id,
      email: account.email,
      at: now,
      expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
    });
    await queueEmail(trx, services.jobs, {
      to: account.email,
      content: identityEmail({
        subject: 'Choisissez un nouveau mot de passe GrandLyon Connect',
        paragraphs: [
          'Vous avez demandé à choisir un nouveau mot de passe pour votre compte GrandLyon Connect. Ce lien est valable une heure et ne sert qu’une fois.',
          'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
        ],
        action: {
          label: 'Choisir un nouveau mot de passe',
          url: `${services.config.publicUrl}${options.basePath}/mot-de-passe/nouveau?jeton=${token}`,
        },
      }),
    });
  });
}
