import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { addMonths, type CalendarDate, daysBetween, parisDay } from '../../platform/paris-time.ts';
import type { RightKind, RightsRequestRow } from './privacy.tables.ts';

/** The rights a data subject may exercise through the form (RGPD art. 15 to 21), in French. */
export const RIGHT_LABELS: Record<RightKind, string> = {
  access: 'Accès à mes données',
  rectification: 'Rectification de mes données',
  erasure: 'Effacement de mes données',
  portability: 'Portabilité de mes données',
  objection: 'Opposition à un traitement',
};

export const RIGHT_HINTS: Record<RightKind, string> = {
  access: 'Savoir quelles données sont détenues sur vous et en recevoir une copie (article 15 du RGPD).',
  rectification: 'Faire corriger des données inexactes ou incomplètes (article 16).',
  erasure: 'Faire effacer vos données quand elles ne sont plus nécessaires (article 17).',
  portability: 'Recevoir vos données dans un format ouvert et réutilisable (article 20).',
  objection: 'Vous opposer à un traitement fondé sur l’intérêt public ou légitime (article 21).',
};

export const RIGHT_KINDS = Object.keys(RIGHT_LABELS) as RightKind[];

/** Rights whose answer includes the requester's data export by default. */
export const EXPORT_BY_DEFAULT: ReadonlySet<RightKind> = new Set(['access', 'portability']);

/** One month from receipt (art. 12.3), counted on the Paris calendar; a month end clamps (31 January → 28 February). */
export function dueDateOf(receivedAt: Date): CalendarDate {
  return addMonths(parisDay(receivedAt), 1);
}

/** Extended: two more months at most, so three from receipt. */
export function extendedDueDateOf(receivedAt: Date): CalendarDate {
  return addMonths(parisDay(receivedAt), 3);
}

/** The date the answer is due by now (the extended one once extended). */
export const effectiveDueDate = (r: Pick<RightsRequestRow, 'due_on' | 'extended_due_on'>) =>
  r.extended_due_on ?? r.due_on;

/** Days left until the deadline (negative: late), counted from today in Paris. */
export function daysLeft(r: Pick<RightsRequestRow, 'due_on' | 'extended_due_on'>, now: Date): number {
  return daysBetween(parisDay(now), effectiveDueDate(r));
}

export function deadlineText(r: Pick<RightsRequestRow, 'due_on' | 'extended_due_on' | 'status'>, now: Date): string {
  if (r.status === 'answered') return 'Répondue';
  const left = daysLeft(r, now);
  if (left < 0) return `En retard de ${-left} jour${-left > 1 ? 's' : ''}`;
  if (left === 0) return 'À répondre aujourd’hui';
  return `${left} jour${left > 1 ? 's' : ''} restant${left > 1 ? 's' : ''}`;
}

export const STATUS_LABELS: Record<RightsRequestRow['status'], string> = {
  received: 'Reçue',
  extended: 'Délai prolongé',
  answered: 'Répondue',
};

/** The reference given to the requester: DPD-2026-4F9A2C. */
export function newReference(receivedAt: Date): string {
  return `DPD-${parisDay(receivedAt).slice(0, 4)}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

export const ZRightsForm = z.object({
  droit: z.enum(RIGHT_KINDS as [RightKind, ...RightKind[]], { message: 'Choisissez le droit que vous exercez.' }),
  precisions: z
    .string({ message: 'Précisez votre demande.' })
    .trim()
    .min(1, 'Précisez votre demande : quelles données, quel service, quelle correction.')
    .max(4000, 'Votre demande est trop longue (4 000 caractères au plus).'),
});
export type RightsForm = z.output<typeof ZRightsForm>;

export const ZExtensionForm = z.object({
  motif: z
    .string({ message: 'Indiquez le motif de la prolongation.' })
    .trim()
    .min(1, 'Indiquez le motif de la prolongation : il est envoyé à la personne.')
    .max(2000, 'Le motif est trop long (2 000 caractères au plus).'),
});

export const ZAnswerForm = z.object({
  reponse: z
    .string({ message: 'Écrivez la réponse.' })
    .trim()
    .min(1, 'Écrivez la réponse envoyée à la personne.')
    .max(8000, 'La réponse est trop longue (8 000 caractères au plus).'),
  export: z.literal('oui').optional().catch(undefined),
});
export type AnswerForm = z.output<typeof ZAnswerForm>;
