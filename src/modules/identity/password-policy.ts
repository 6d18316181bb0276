/**
 * Passwords per CNIL deliberation 2022-100 with login throttling in place: at least 12 characters from the four
 * classes (upper case, lower case, digits, symbols), or a passphrase of at least 5 words and 25 characters. The
 * message names what is missing, in French.
 */
export const PASSWORD_RULES_HINT =
  'Au moins 12 caractères avec des majuscules, des minuscules, des chiffres et des caractères spéciaux, ou une phrase de passe d’au moins 5 mots (25 caractères au moins).';

export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length > 1024) return 'Le mot de passe est trop long (1 024 caractères au plus).';
  const words = password
    .trim()
    .split(/[\s\-_.,;:]+/)
    .filter((w) => w.length >= 2);
  const passphrase = words.length >= 5 && password.length >= 25;
  if (!passphrase) {
    if (password.length < 12)
      return 'Le mot de passe doit compter au moins 12 caractères (ou être une phrase de passe d’au moins 5 mots).';
    const missing = [
      /[A-Z\u00C0-\u00DE]/.test(password) ? null : 'une majuscule',
      /[a-z\u00DF-\u00FF]/.test(password) ? null : 'une minuscule',
      /\d/.test(password) ? null : 'un chiffre',
      /[^A-Za-z0-9\u00C0-\u00FF]/.test(password) ? null : 'un caractère spécial',
    ].filter(Boolean);
    if (missing.length)
      return `Le mot de passe doit contenir aussi ${missing.join(', ')} (ou être une phrase de passe d’au moins 5 mots).`;
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local))
    return 'Le mot de passe ne doit pas contenir votre adresse électronique.';
  return null;
}
