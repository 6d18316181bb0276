import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { takeLoginAttempt } from '../../platform/auth/login-throttle.repo.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { identityEmail } from './identity-mail.ts';
import { insertToken } from './identity.repo.ts';
import { passwordProblem } from './password-policy.ts';
import { newToken, tokenDigest } from './secret-box.ts';

export const SIGN_UP_LINK_HOURS = 24;
/** E-mails sent to one address per hour (sign-up and reset alike): a form cannot be used to flood a mailbox. */
export const MAILS_PER_ADDRESS_PER_HOUR = 3;

export type RequestSignUpOptions = {
  email: string;
  givenName: string;
  familyName: string;
  password: string;
  basePath: string;
  ip: string;
};

/**
 * Sign-up waits for the e-mail to be confirmed; no account exists before. Whether the address already has an
 * account is never shown on screen (that would tell anyone who has one): its owner gets an e-mail saying so.
 */
export async function requestSignUp(
  services: Services,
  options: RequestSignUpOptions,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const problem = passwordProblem(options.password, { email: options.email });
  if (problem) return { ok: false, errors: { password: problem } };
  const now = services.clock.now();
  const email = options.email.trim();
  const sent = await takeLoginAttempt(services.db, { key: `mail:${email.toLowerCase()}`, now, windowMs: 60 * 60_000 });
  if (sent > MAILS_PER_ADDRESS_PER_HOUR) return { ok: true };
  const existing = await findAccountByEmail(services.db, email);
  const { publicUrl } = services.config;
  if (existing) {
    await queueEmail(services.db, services.jobs, {
      to: existing.email,
      content: identityEmail({
        subject: 'Vous avez déjà un compte GrandLyon Connect',
        paragraphs: [
          'Quelqu’un (sans doute vous) a demandé à créer un compte GrandLyon Connect avec cette adresse électronique. Vous avez déjà un compte : connectez-vous, ou choisissez un nouveau mot de passe si vous l’avez oublié.',
          'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
        ],
        action: {
          label: 'Choisir un nouveau mot de passe',
          url: `${publicUrl}${options.basePath}/mot-de-passe-oublie`,
        },
      }),
    });
    return { ok: true };
  }
  const token = newToken();
  await services.db.transaction().execute(async (trx) => {
    await insertToken(trx, {
      id: tokenDigest(token),
      purpose: 'signup',
      userId: null,
      email,
      data: {
        givenName: options.givenName.trim(),
        familyName: options.familyName.trim(),
        passwordHash: await hashPassword(options.password),
      },
      at: now,
      expiresAt: new Date(now.getTime() + SIGN_UP_LINK_HOURS * 60 * 60_000),
    });
    await queueEmail(trx, services.jobs, {
      to: email,
      content: identityEmail({
        subject: 'Confirmez la création de votre compte GrandLyon Connect',
        paragraphs: [
          'Pour terminer la création de votre compte GrandLyon Connect, confirmez votre adresse électronique. Ce lien est valable 24 heures.',
          'Si vous n’avez rien demandé, ignorez ce message : aucun compte ne sera créé.',
        ],
        action: {
          label: 'Confirmer mon adresse et activer mon compte',
          url: `${publicUrl}${options.basePath}/inscription/confirmer?jeton=${token}`,
        },
      }),
    });
  });
  return { ok: true };
}
