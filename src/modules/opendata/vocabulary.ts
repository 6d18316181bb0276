import { DAY, HOUR } from '../../platform/clock.ts';
import type { DatasetAccess, Licence } from './opendata.tables.ts';

/**
 * udata's update frequencies (aligned on the EU vocabulary), each with the delay after which a dataset committed to
 * it is late; the frequencies that commit to nothing have none.
 */
export const FREQUENCIES: Readonly<Record<string, { label: string; delayMs: number | null; euUri: string }>> = {
  continuous: { label: 'En continu', delayMs: HOUR, euUri: 'CONT' },
  hourly: { label: 'Toutes les heures', delayMs: HOUR, euUri: 'HOURLY' },
  fourTimesADay: { label: 'Quatre fois par jour', delayMs: 6 * HOUR, euUri: 'DAILY_4' },
  threeTimesADay: { label: 'Trois fois par jour', delayMs: 8 * HOUR, euUri: 'DAILY_3' },
  semidaily: { label: 'Deux fois par jour', delayMs: 12 * HOUR, euUri: 'DAILY_2' },
  daily: { label: 'Quotidienne', delayMs: DAY, euUri: 'DAILY' },
  fourTimesAWeek: { label: 'Quatre fois par semaine', delayMs: 2 * DAY, euUri: 'WEEKLY_4' },
  threeTimesAWeek: { label: 'Trois fois par semaine', delayMs: 3 * DAY, euUri: 'WEEKLY_3' },
  semiweekly: { label: 'Deux fois par semaine', delayMs: 4 * DAY, euUri: 'WEEKLY_2' },
  weekly: { label: 'Hebdomadaire', delayMs: 7 * DAY, euUri: 'WEEKLY' },
  biweekly: { label: 'Toutes les deux semaines', delayMs: 14 * DAY, euUri: 'BIWEEKLY' },
  threeTimesAMonth: { label: 'Trois fois par mois', delayMs: 10 * DAY, euUri: 'MONTHLY_3' },
  semimonthly: { label: 'Deux fois par mois', delayMs: 15 * DAY, euUri: 'MONTHLY_2' },
  monthly: { label: 'Mensuelle', delayMs: 31 * DAY, euUri: 'MONTHLY' },
  bimonthly: { label: 'Tous les deux mois', delayMs: 62 * DAY, euUri: 'BIMONTHLY' },
  quarterly: { label: 'Trimestrielle', delayMs: 92 * DAY, euUri: 'QUARTERLY' },
  threeTimesAYear: { label: 'Trois fois par an', delayMs: 122 * DAY, euUri: 'ANNUAL_3' },
  semiannual: { label: 'Semestrielle', delayMs: 183 * DAY, euUri: 'ANNUAL_2' },
  annual: { label: 'Annuelle', delayMs: 366 * DAY, euUri: 'ANNUAL' },
  biennial: { label: 'Tous les deux ans', delayMs: 731 * DAY, euUri: 'BIENNIAL' },
  triennial: { label: 'Tous les trois ans', delayMs: 1096 * DAY, euUri: 'TRIENNIAL' },
  quinquennial: { label: 'Tous les cinq ans', delayMs: 1827 * DAY, euUri: 'QUINQUENNIAL' },
  punctual: { label: 'Ponctuelle', delayMs: null, euUri: 'OTHER' },
  irregular: { label: 'Irrégulière', delayMs: null, euUri: 'IRREG' },
  never: { label: 'Jamais mise à jour', delayMs: null, euUri: 'NEVER' },
  notPlanned: { label: 'Non planifiée', delayMs: null, euUri: 'NOT_PLANNED' },
  unknown: { label: 'Inconnue', delayMs: null, euUri: 'UNKNOWN' },
};

export const FREQUENCY_IDS = Object.keys(FREQUENCIES) as [string, ...string[]];

export const LICENCES: Readonly<Record<Licence, { label: string; url: string; spdx: string }>> = {
  lov2: {
    label: 'Licence Ouverte 2.0 (Etalab)',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    spdx: 'etalab-2.0',
  },
  odbl: {
    label: 'ODbL (Open Database License)',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    spdx: 'ODbL-1.0',
  },
  other: { label: 'Licence nommée', url: '', spdx: '' },
};

export const ACCESS_LABELS: Readonly<Record<DatasetAccess, string>> = {
  open: 'Ouvert à tous',
  account: 'Avec un compte',
  restricted: 'Restreint (sur demande au producteur)',
};

/** The portal's themes (data.grandlyon.com's categories). */
export const THEMES = [
  'Accessibilité',
  'Citoyenneté',
  'Culture',
  'Environnement',
  'Équipements',
  'Imagerie',
  'Limites administratives',
  'Localisation',
  'Occupation du sol',
  'Services',
  'Transport',
  'Urbanisme',
] as const;

/** The licence of a dataset as people read it: its name and address. */
export function licenceOf(dataset: { licence: Licence; licence_name: string; licence_url: string }): {
  label: string;
  url: string;
} {
  if (dataset.licence === 'other') return { label: dataset.licence_name, url: dataset.licence_url };
  return { label: LICENCES[dataset.licence].label, url: LICENCES[dataset.licence].url };
}
