import { HOUR, MINUTE } from '../../platform/clock.ts';
import type { IncidentRow } from './incidents.tables.ts';

/** An attack on the identity integration is alerted within 8 hours of its detection (P4, the federation's terms). */
export const ALERT_DELAY_MS = 8 * HOUR;
/** A personal data breach is notified to the CNIL within 72 hours of awareness (GDPR art. 33). */
export const CNIL_DELAY_MS = 72 * HOUR;

export type ClockName = 'alerte' | 'cnil';

export const CLOCK_LABELS: Record<ClockName, string> = {
  alerte: 'Alerte sous 8 heures (attaque sur l’intégration d’identité)',
  cnil: 'Notification à la CNIL sous 72 heures',
};

/** The reminders of each clock: how long before the deadline each is sent (negative: just after it passed). */
export const REMINDERS: Record<
  ClockName,
  ReadonlyArray<{ stage: 'rappel' | 'dernier-rappel' | 'depasse'; before: number }>
> = {
  alerte: [
    { stage: 'rappel', before: 4 * HOUR },
    { stage: 'dernier-rappel', before: 1 * HOUR },
    { stage: 'depasse', before: -MINUTE },
  ],
  cnil: [
    { stage: 'rappel', before: 24 * HOUR },
    { stage: 'dernier-rappel', before: 6 * HOUR },
    { stage: 'depasse', before: -MINUTE },
  ],
};

export type ClockState =
  | { status: 'sans-objet' }
  | { status: 'tenu'; doneAt: Date; late: boolean }
  | { status: 'en-cours'; dueAt: Date; remainingMs: number }
  | { status: 'depasse'; dueAt: Date; overMs: number };

/**
 * Where a clock stands at `now`: not running (no identity attack; a report qualified as touching no personal data,
 * or closed), kept (and whether in time), running with the time left, or passed.
 */
export function clockState(incident: IncidentRow, clock: ClockName, now: Date): ClockState {
  const dueAt = clock === 'alerte' ? incident.alert_due_at : incident.cnil_due_at;
  const doneAt = clock === 'alerte' ? incident.alerted_at : incident.cnil_notified_at;
  if (!dueAt) return { status: 'sans-objet' };
  if (doneAt) return { status: 'tenu', doneAt, late: doneAt.getTime() > dueAt.getTime() };
  if (clock === 'cnil' && incident.personal_data === false) return { status: 'sans-objet' };
  if (incident.closed_at) return { status: 'sans-objet' };
  const remainingMs = dueAt.getTime() - now.getTime();
  return remainingMs >= 0
    ? { status: 'en-cours', dueAt, remainingMs }
    : { status: 'depasse', dueAt, overMs: -remainingMs };
}

/** A duration in hours and minutes, in French: "5 h 12 min", "45 min". */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
