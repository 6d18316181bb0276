import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import {
  type ContributionInput,
  type ContributionResult,
  chainContributions,
  type IndexValue,
  indexKnownOn,
  mulDivHalfUp,
} from './contribution-engine.ts';
import type { TariffSchedule } from './tariffs.ts';

export type SimulationOptions = {
  schedule: TariffSchedule;
  service: Extract<SharedService, 'toodego' | 'laclasse'>;
  offer: SubscriptionOffer;
  population: number;
  startYear: number;
  years: number;
  /** The published values entered by operators. */
  syntecSeries: IndexValue[];
  /** A Syntec value to try for the first year (in hundredths), instead of the one known on 1 January. */
  syntecTry?: number;
  /** Yearly growth of the index for the years after, in hundredths of a percent (250 = 2,5 %). */
  growthBasisPoints: number;
  /** What the commune was billed before the agreement: the transition then runs from the first billing year. */
  previouslyBilledCents?: number;
  /** A change of Toodego offer during `year`: that year stays at the former offer (annexe Toodego §11). */
  offerChange?: { to: SubscriptionOffer; year: number };
};

export type SimulatedYear = ContributionResult & { syntecUsed: IndexValue | null };

/**
 * The contributions over several years for hypotheses an operator tries (the simulator, and the public JSON
 * endpoint): a population, a Syntec value and its growth, a change of offer, an amount billed before. Pure; the
 * published index values are an argument. Years without a published index use the last value known, grown by the
 * assumed rate, and say so.
 */
export function simulateContributions(options: SimulationOptions): SimulatedYear[] {
  const { schedule, startYear, years } = options;
  const chainStart =
    options.previouslyBilledCents !== undefined ? Math.min(schedule.firstBillingYear, startYear) : startYear;
  const reference = indexKnownOn(options.syntecSeries, `${schedule.referenceYear}-01-01`);
  const latest = indexKnownOn(options.syntecSeries, '9999-12-31');
  const grown = (hundredths: number, years: number, year: number): IndexValue => {
    let value = hundredths;
    for (let i = 0; i < years; i++) value = mulDivHalfUp(value, 10_000 + options.growthBasisPoints, 10_000);
    return { month: `${year}-01`, hundredths: value, publishedOn: `${year}-01-01`, simulated: true };
  };
  const indexFor = (year: number): IndexValue | null => {
    if (options.syntecTry !== undefined && year >= startYear) return grown(options.syntecTry, year - startYear, year);
    const known = indexKnownOn(options.syntecSeries, `${year}-01-01`);
    if (known && latest && known === latest && year > yearOfIndex(latest))
      return grown(latest.hundredths, year - yearOfIndex(latest), year);
    return known;
  };
  const inputs: Array<Omit<ContributionInput, 'carried'>> = [];
  for (let year = chainStart; year < startYear + years; year++) {
    const change = options.offerChange;
    const offer = change && year > change.year ? change.to : options.offer;
    inputs.push({
      schedule,
      year,
      service: options.service,
      offer,
      population: options.population,
      populationSource: 'hypothèse de la simulation',
      syntec: { reference, current: indexFor(year) },
      ...(change && year === change.year && change.to !== options.offer
        ? { offerChange: { to: change.to, effectiveOn: `${year}-07-01` } }
        : {}),
    });
  }
  const results = chainContributions(
    inputs,
    options.previouslyBilledCents !== undefined
      ? { kind: 'previously_billed', cents: options.previouslyBilledCents }
      : { kind: 'none' },
  );
  return results
    .filter((r) => r.year >= startYear)
    .map((r, i) => ({ ...r, syntecUsed: inputs[i + (startYear - chainStart)]?.syntec.current ?? null }));
}

/** The year from which a published index applies (it is known on 1 January of the year after its publication). */
function yearOfIndex(index: IndexValue): number {
  return Number(index.publishedOn.slice(0, 4)) + 1;
}
