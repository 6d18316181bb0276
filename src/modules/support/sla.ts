import { addWorkingMs, type Interval, WORKING_HOUR_MS, workingMsBetween } from './working-hours.ts';

/** Incident types as the metropolis qualifies them after diagnosis, with the priority each gives (annexe Toodego). */
export const SEVERITIES = ['bloquant', 'majeur', 'mineur'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = { bloquant: 'Bloquant', majeur: 'Majeur', mineur: 'Mineur' };
export const PRIORITY_OF: Record<Severity, string> = { bloquant: 'Urgente', majeur: 'Normale', mineur: 'Basse' };

/** Maximum resolution time in working hours; a minor incident or a question carries no commitment. */
export const TARGET_HOURS: Record<Severity, number | null> = { bloquant: 8, majeur: 24, mineur: null };

/** The share of tickets each commune must see resolved in time. */
export const COMPLIANCE_GOAL = 0.95;

/** Warned when a quarter of the target is left: two working hours for a blocking incident, six for a major one. */
const WARNING_SHARE = 0.25;

export type SlaInput = {
  severity: Severity | null;
  /** The clock starts when the priority is set: the agreement counts deadlines "après affectation du niveau de priorité". */
  qualifiedAt: Date | null;
  resolvedAt: Date | null;
  /** Periods spent waiting for the commune (the last one may still run: its `to` is then null). */
  pauses: ReadonlyArray<{ from: Date; to: Date | null }>;
};

export type SlaStatus =
  'a_qualifier' | 'sans_engagement' | 'en_cours' | 'en_pause' | 'alerte' | 'depasse' | 'respecte' | 'non_respecte';

export const SLA_STATUS_LABELS: Record<SlaStatus, string> = {
  a_qualifier: 'À qualifier',
  sans_engagement: 'Sans engagement de délai',
  en_cours: 'Dans les délais',
  en_pause: 'En attente de la commune (délai suspendu)',
  alerte: 'Échéance proche',
  depasse: 'Délai dépassé',
  respecte: 'Résolu dans les délais',
  non_respecte: 'Résolu hors délai',
};

export type SlaState = {
  status: SlaStatus;
  targetMs: number | null;
  elapsedMs: number;
  /** When the target will be reached if nothing pauses the clock again; null while paused or without a target. */
  dueAt: Date | null;
};

/** Where a ticket stands against its resolution target at an instant. */
export function slaState(input: SlaInput, now: Date): SlaState {
  const { severity, qualifiedAt, resolvedAt } = input;
  if (!severity || !qualifiedAt) return { status: 'a_qualifier', targetMs: null, elapsedMs: 0, dueAt: null };
  const end = resolvedAt ?? now;
  const pauses: Interval[] = input.pauses.map((p) => ({ from: p.from, to: p.to ?? end }));
  const elapsedMs = workingMsBetween(qualifiedAt, end, pauses);
  const hours = TARGET_HOURS[severity];
  if (hours === null) return { status: 'sans_engagement', targetMs: null, elapsedMs, dueAt: null };
  const targetMs = hours * WORKING_HOUR_MS;
  if (resolvedAt)
    return { status: elapsedMs <= targetMs ? 'respecte' : 'non_respecte', targetMs, elapsedMs, dueAt: null };
  const paused = input.pauses.some((p) => p.to === null);
  const dueAt = paused ? null : addWorkingMs(now, targetMs - elapsedMs);
  const status =
    elapsedMs > targetMs
      ? 'depasse'
      : paused
        ? 'en_pause'
        : targetMs - elapsedMs <= targetMs * WARNING_SHARE
          ? 'alerte'
          : 'en_cours';
  return { status, targetMs, elapsedMs, dueAt: status === 'depasse' ? null : dueAt };
}

/** The periods a ticket waited for the commune, from its status history (oldest first). */
export function pausesOf(history: ReadonlyArray<{ at: Date; status: string }>): Array<{ from: Date; to: Date | null }> {
  const pauses: Array<{ from: Date; to: Date | null }> = [];
  for (const change of history) {
    const open = pauses.at(-1);
    if (change.status === 'attente_commune') {
      if (!open || open.to !== null) pauses.push({ from: change.at, to: null });
    } else if (open && open.to === null) open.to = change.at;
  }
  return pauses;
}

/** "3 h 20" of working time. */
export function formatWorkingTime(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}
