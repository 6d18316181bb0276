import type { EmailContent } from '../../platform/mail/email-template.tsx';

/** Who signs the identity service's messages. */
export const IDENTITY_SIGNATURE =
  'GrandLyon Connect — le compte des services numériques de la Métropole de Lyon et de ses communes';

export function identityEmail(
  content: Omit<EmailContent, 'signature' | 'greeting'> & { greeting?: string },
): EmailContent {
  return { greeting: 'Bonjour,', ...content, signature: IDENTITY_SIGNATURE };
}
