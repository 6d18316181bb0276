import { formatCalendarDate } from '../../platform/paris-time.ts';
import type { AgreementFile } from './load-agreement-file.ts';

/** What the file says after an operator's action on the agreement, named by the address (`?fait=…`). */
const NOTICES: Record<string, string> = {
  convention: 'La convention-cadre est enregistrée.',
  avenant: "L'avenant est enregistré.",
  resiliation: 'Le préavis de résiliation est enregistré.',
  'mise-en-demeure': 'La mise en demeure est enregistrée.',
  'mise-en-demeure-close': 'La mise en demeure est close.',
  reclamation: 'La réclamation est enregistrée.',
  reponse: 'La décision sur la réclamation est enregistrée.',
  tache: "L'état de la tâche est enregistré.",
};

/**
 * The notice after an action on the agreement, or null when `done` names none. After an amendment or a termination
 * notice it also says what the dates decided (a late notice means one more year).
 */
export function agreementFileNotice(file: AgreementFile, done: string | undefined): string | null {
  if (!done || !Object.hasOwn(NOTICES, done)) return null;
  const latestAmendment = file.amendments.at(-1);
  const termination = file.notices.find((n) => n.kind === 'termination');
  const message =
    done === 'avenant' && latestAmendment
      ? latestAmendment.notice_late
        ? `Préavis reçu hors délai : l'offre actuelle est reconduite tacitement pour un an ; le changement prend effet le ${formatCalendarDate(latestAmendment.effective_on)}.`
        : `Il prend effet le ${formatCalendarDate(latestAmendment.effective_on)}.`
      : done === 'resiliation' && termination
        ? termination.late
          ? `Préavis reçu hors délai : la convention est reconduite tacitement pour un an et prend fin le ${formatCalendarDate(termination.deadline_on)} au soir.`
          : `La convention et ses annexes prennent fin le ${formatCalendarDate(termination.deadline_on)} au soir.`
        : null;
  return message ? `${NOTICES[done]} ${message}` : (NOTICES[done] ?? null);
}
