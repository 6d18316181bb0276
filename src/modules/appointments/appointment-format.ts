import { createHash, randomBytes } from 'node:crypto';

/** French wordings of appointment times, and the secrets that open a booking or a feed. */

const DAY = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** "lundi 7 décembre 2026". */
export function formatDay(at: Date): string {
  return DAY.format(at);
}

/** "lundi 7 décembre 2026" from a calendar day. */
export function formatCalendarDay(day: string): string {
  return DAY.format(new Date(`${day}T12:00:00Z`));
}

/** "9 h 30". */
export function formatTime(at: Date): string {
  return TIME.format(at).replace(':', ' h ');
}

/** "lundi 7 décembre 2026 à 9 h 30". */
export function formatWhen(at: Date): string {
  return `${formatDay(at)} à ${formatTime(at)}`;
}

/** A secret for a link (booking management, agent's calendar feed) and the hash kept in its place. */
export function newSecret(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashSecret(token) };
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
