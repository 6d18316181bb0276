import type { ToodegoOffer } from '../../platform/db/schema.ts';
import type { MeetingKind } from './agreements.tables.ts';

/**
 * The governance bodies of the seed, what they are for and which communes receive their minutes:
 * convention-cadre art. 11 (yearly steering committee of every commune with an agreement), annexe Toodego §5.1
 * (COFIL and COPROJ of the Partenaire communes), §5.2 (bilateral meetings with each Connecté commune), §5.3 (the
 * yearly round table of the Abonné communes).
 */
export type MeetingKindRule = {
  label: string;
  cadence: string;
  /** How many months may pass between two meetings before the body is late. */
  everyMonths: number | null;
  source: string;
  /** Whose minutes: every commune under agreement, the communes of a Toodego offer, or one Connecté commune. */
  concerned:
    | { kind: 'all_agreements' }
    | { kind: 'toodego_offer'; offer: Exclude<ToodegoOffer, 'none'> }
    | { kind: 'one_commune'; offer: 'connecte' };
};

export const MEETING_KINDS: Record<MeetingKind, MeetingKindRule> = {
  framework_steering: {
    label: 'Comité de pilotage de la convention-cadre',
    cadence: 'une fois par an',
    everyMonths: 12,
    source: 'convention-cadre art. 11',
    concerned: { kind: 'all_agreements' },
  },
  toodego_steering: {
    label: 'Comité de pilotage politique Toodego (COFIL)',
    cadence: 'au moins une fois par an',
    everyMonths: 12,
    source: 'annexe Toodego §5.1',
    concerned: { kind: 'toodego_offer', offer: 'partenaire' },
  },
  toodego_project: {
    label: 'Comité de projet Toodego (COPROJ)',
    cadence: 'au moins une fois par trimestre',
    everyMonths: 3,
    source: 'annexe Toodego §5.1',
    concerned: { kind: 'toodego_offer', offer: 'partenaire' },
  },
  bilateral: {
    label: 'Réunion bilatérale (offre Connecté)',
    cadence: "d'un commun accord avec la commune",
    everyMonths: null,
    source: 'annexe Toodego §5.2',
    concerned: { kind: 'one_commune', offer: 'connecte' },
  },
  round_table: {
    label: 'Table ronde des communes abonnées',
    cadence: 'une fois par an',
    everyMonths: 12,
    source: 'annexe Toodego §5.3',
    concerned: { kind: 'toodego_offer', offer: 'abonne' },
  },
};

export const MEETING_KIND_ORDER: MeetingKind[] = [
  'framework_steering',
  'toodego_steering',
  'toodego_project',
  'bilateral',
  'round_table',
];
