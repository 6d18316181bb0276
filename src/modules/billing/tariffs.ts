import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';

/**
 * The tariff schedule of the framework agreement, as data (DESIGN invariant 4): one record, versioned by its id,
 * read by the contribution engine. Amounts in euro cents. A new deliberation changing the amounts is a new schedule,
 * never an edit of this one (orders already issued keep the schedule id they were computed with).
 */
export type Tariff = {
  /** Fixed part: "montant forfaitaire de base d'accès au service". */
  fixedCents: number;
  /** "montant additionnel variable, fonction du nombre d'habitants". */
  perInhabitantCents: number;
  label: string;
  /** Where the seed sets it. */
  source: string;
};

export type TariffSchedule = {
  id: string;
  label: string;
  /**
   * The year whose amounts the annexes state. Revision (convention-cadre art. 10.1) compares the Syntec index known on
   * 1 January of the billing year with the one known on 1 January of this year, so this year is billed unrevised:
   * the délibération CP-2025-4074 speaks of the "contribution-cible 2026 + révision annuelle".
   */
  referenceYear: number;
  /** The first year billed under the agreement (the transition of art. 10.2 runs "à compter de 2026"). */
  firstBillingYear: number;
  transition: { firstYearCapPercent: number; yearlyIncreasePercent: number };
  tariffs: Record<TariffKey, Tariff>;
};

export type TariffKey =
  'toodego:partenaire' | 'toodego:abonne' | 'toodego:connecte' | 'laclasse' | 'opendata' | 'geonet';

export const TARIFF_SCHEDULE_2026: TariffSchedule = {
  id: 'convention-cadre-2026',
  label:
    'Convention-cadre (délibération CP-2025-4074 du 14 avril 2025) et avenant n° 1 (délibération 2025-06-14986 du 29 septembre 2025)',
  referenceYear: 2026,
  firstBillingYear: 2026,
  // Convention-cadre art. 10.2, "Dispositions transitoires": +10 % in 2026, then +5 % a year until the target.
  transition: { firstYearCapPercent: 10, yearlyIncreasePercent: 5 },
  tariffs: {
    'toodego:partenaire': {
      fixedCents: 500_000,
      perInhabitantCents: 20,
      label: 'Toodego, offre Partenaire',
      source: 'annexe Toodego §10.1',
    },
    'toodego:abonne': {
      fixedCents: 500_000,
      perInhabitantCents: 20,
      label: 'Toodego, offre Abonné',
      source: 'annexe Toodego §10.1',
    },
    'toodego:connecte': {
      fixedCents: 500_000,
      perInhabitantCents: 2,
      label: 'Toodego, offre Connecté',
      source: 'annexe Toodego §10.2',
    },
    laclasse: { fixedCents: 30_000, perInhabitantCents: 6, label: 'laclasse.com', source: 'annexe laclasse.com §6' },
    // Avenant n° 1: both services are provided "sans contrepartie ni contribution financière des communes".
    opendata: {
      fixedCents: 0,
      perInhabitantCents: 0,
      label: 'data.grandlyon.com',
      source: 'avenant n° 1 (délibération 2025-06-14986, III 1°)',
    },
    geonet: {
      fixedCents: 0,
      perInhabitantCents: 0,
      label: 'Geonet',
      source: 'avenant n° 1 (délibération 2025-06-14986, III 2°)',
    },
  },
};

export const PAID_SERVICES: readonly SharedService[] = ['toodego', 'laclasse'];

/** The tariff of a subscription, or null when the service is not subscribed. */
export function tariffKeyOf(service: SharedService, offer: SubscriptionOffer): TariffKey | null {
  if (offer === 'none') return null;
  if (service === 'toodego') return offer === 'subscribed' ? null : (`toodego:${offer}` as TariffKey);
  return offer === 'subscribed' ? service : null;
}

export function isFree(tariff: Tariff): boolean {
  return tariff.fixedCents === 0 && tariff.perInhabitantCents === 0;
}
