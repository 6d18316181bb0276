import type { OnAccountLocked } from '../../platform/auth/log-in.ts';
import { LOGIN_LIMITS } from '../../platform/auth/log-in.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { identityEmail } from './identity-mail.ts';

/**
 * Tells an account's holder that failed logins have locked it for a while: if it was not them, someone is guessing
 * their password, and the e-mail says what to do. Queued in the transaction that records the lockout.
 */
export function warnOfLockout(services: Services, options: { ip: string; basePath: string }): OnAccountLocked {
  const minutes = LOGIN_LIMITS.windowMs / 60_000;
  return async (trx, account) =>
    queueEmail(trx, services.jobs, {
      to: account.email,
      content: identityEmail({
        subject: `Votre compte GrandLyon Connect est bloqué pendant ${minutes} minutes`,
        paragraphs: [
          `${LOGIN_LIMITS.perAccount} tentatives de connexion à votre compte viennent d’échouer (mot de passe incorrect), la dernière depuis l’adresse IP ${options.ip}. Par sécurité, la connexion à votre compte est bloquée pendant ${minutes} minutes.`,
          'Si c’était vous, patientez puis réessayez ; si vous avez oublié votre mot de passe, choisissez-en un nouveau.',
          'Si ce n’était pas vous, quelqu’un essaie peut-être de deviner votre mot de passe : choisissez-en un nouveau, que vous n’utilisez sur aucun autre site, et activez la vérification en deux étapes depuis la page de votre compte.',
        ],
        action: {
          label: 'Choisir un nouveau mot de passe',
          url: `${services.config.publicUrl}${options.basePath}/mot-de-passe-oublie`,
        },
      }),
    });
}
