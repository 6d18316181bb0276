import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { formatCents } from '../../platform/views/format.ts';
import {
  type CalendarDate,
  daysBetween,
  daysInYear,
  formatCalendarDate,
  formatMonth,
} from '../../platform/paris-time.ts';
import { type Tariff, type TariffSchedule, tariffKeyOf } from './tariffs.ts';

/**
 * The contribution engine (convention-cadre art. 10; annexe Toodego §10–§11; annexe laclasse.com §6). Pure: no
 * database, no clock; every date and figure is an argument, so the same inputs always give the same amount and the
 * same explanation. Amounts are integer euro cents.
 *
 * Rounding rule: every amount the computation produces (Syntec revision, transition cap, yearly increase, pro rata,
 * connector revision) is rounded to the nearest cent, half a cent rounding up; the amount due is the sum of those
 * rounded amounts. Ratios are computed exactly in integers (no floating point).
 */
export const ROUNDING_RULE =
  'Chaque montant calculé (révision Syntec, plafond transitoire, hausse annuelle, prorata, révision du connecteur) est arrondi au centime le plus proche, un demi-centime étant arrondi au centime supérieur ; le montant dû est la somme de ces montants arrondis.';

/**
 * A value of the Syntec index: its month, its value in hundredths (302,5 → 30250), the day it was published.
 * `simulated` marks a value an operator tries in the simulator rather than a published one.
 */
export type IndexValue = { month: string; hundredths: number; publishedOn: CalendarDate; simulated?: boolean };

/**
 * What the agreement's transition (art. 10.2) carries from one year to the next.
 * - `none`: a commune not billed before the agreement, or one whose contribution has reached its target.
 * - `previously_billed`: the first year under the agreement of a commune billed before ("montant jusqu'alors facturé").
 * - `converging`: a later year of the convergence, from the previous year's amount.
 */
export type Carried =
  { kind: 'none' } | { kind: 'previously_billed'; cents: number } | { kind: 'converging'; previousYearCents: number };

export type ConnectorCost = {
  label: string;
  /** Yearly maintenance cost at the price of `priceYear`. */
  annualCents: number;
  priceYear: number;
  /** The Syntec index known on 1 January of `priceYear` (the revision of the metropolis's supplier contracts). */
  priceIndex: IndexValue | null;
};

export type ContributionInput = {
  schedule: TariffSchedule;
  year: number;
  service: SharedService;
  /** The offer billed for the year: the one subscribed at the start of the year, even if it changes during it. */
  offer: SubscriptionOffer;
  population: number;
  /** Where the population comes from, shown in the computation ("INSEE, population totale 2026"…). */
  populationSource: string;
  syntec: { reference: IndexValue | null; current: IndexValue | null };
  carried: Carried;
  /**
   * The part of the year billed (art. 10.3: a commune joining mid-year pays pro rata temporis; art. 12.2: after a
   * termination for the metropolis's breach, the contribution is due only up to the end). Whole year when absent.
   */
  billedPeriod?: { from: CalendarDate; to: CalendarDate; reason: 'joined' | 'ended_for_metropole_breach' | 'both' };
  /** A change of offer taking effect during the year (annexe Toodego §11): the year stays billed at `offer`. */
  offerChange?: { to: SubscriptionOffer; effectiveOn: CalendarDate };
  /** Maintenance of connectors developed specifically for the commune (annexe Toodego §10.2.1, Connecté offer). */
  connectors?: ConnectorCost[];
};

export type StepKind = 'tariff' | 'revision' | 'transition' | 'offer_change' | 'pro_rata' | 'connector' | 'total';

export type ComputationStep = { kind: StepKind; label: string; detail: string; amountCents: number; source: string };

export type ContributionResult = {
  year: number;
  service: SharedService;
  offer: SubscriptionOffer;
  scheduleId: string;
  tariff: Tariff;
  population: number;
  /** Fixed part + amount per inhabitant, at the reference year's prices. */
  baseCents: number;
  /** The target after the Syntec revision ("contribution-cible"). */
  targetCents: number;
  /** The year's amount after the transition, for a whole year. */
  fullYearCents: number;
  /** `fullYearCents` for the part of the year billed. */
  periodCents: number;
  connectorsCents: number;
  /** What the commune owes for the year. */
  amountCents: number;
  /** True while the transition holds the amount below its target. */
  converging: boolean;
  /** What the next year's computation starts from. */
  next: Carried;
  steps: ComputationStep[];
};

const integerFormat = new Intl.NumberFormat('fr-FR');
const indexFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

const formatIndex = (v: IndexValue) =>
  `${v.simulated ? 'valeur simulée' : formatMonth(v.month)} : ${indexFormat.format(v.hundredths / 100)}`;

/** value × numerator / denominator, rounded to the nearest integer, half up; exact for any size (BigInt). */
export function mulDivHalfUp(value: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const product = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (2n * abs + d) / (2n * d);
  return Number(negative ? -rounded : rounded);
}

/** The Syntec index "connu le 1er janvier de l'année de facturation": the latest month published by that day. */
export function indexKnownOn(series: readonly IndexValue[], day: CalendarDate): IndexValue | null {
  let known: IndexValue | null = null;
  for (const value of series) {
    if (value.publishedOn > day) continue;
    if (!known || value.month > known.month) known = value;
  }
  return known;
}

/** One service, one year (convention-cadre art. 10). */
export function computeContribution(input: ContributionInput): ContributionResult {
  const { schedule, year, service, offer, population } = input;
  if (!Number.isSafeInteger(population) || population < 0) throw new RangeError('population must be a whole number');
  const key = tariffKeyOf(service, offer);
  if (!key) throw new RangeError(`no tariff for ${service} / ${offer}`);
  const tariff = schedule.tariffs[key];
  const steps: ComputationStep[] = [];

  // Art. 10.1: "un montant forfaitaire de base […] un montant additionnel variable, fonction du nombre d'habitants".
  const baseCents = tariff.fixedCents + tariff.perInhabitantCents * population;
  steps.push({
    kind: 'tariff',
    label: `Tarif ${tariff.label}`,
    detail:
      tariff.fixedCents === 0 && tariff.perInhabitantCents === 0
        ? 'Service mis à disposition gratuitement.'
        : `${formatCents(tariff.fixedCents)} + ${formatCents(tariff.perInhabitantCents)} × ${integerFormat.format(population)} habitants (${input.populationSource}) = ${formatCents(baseCents)}`,
    amountCents: baseCents,
    source: `${tariff.source} ; convention-cadre art. 10.1`,
  });

  const targetCents = revise(baseCents, input, steps);
  const { fullYearCents, converging, next } = applyTransition(targetCents, input, steps);

  if (input.offerChange) {
    steps.push({
      kind: 'offer_change',
      label: "Changement d'offre en cours d'année",
      detail: `L'offre change le ${formatCalendarDate(input.offerChange.effectiveOn)} ; pour cette année de transition, la participation reste celle de l'offre souscrite initialement.`,
      amountCents: fullYearCents,
      source: 'annexe Toodego §11',
    });
  }

  const periodCents = proRata(fullYearCents, input, steps);

  let connectorsCents = 0;
  for (const connector of input.connectors ?? []) {
    const revised = reviseConnector(connector, input.syntec.current, year);
    connectorsCents += revised.cents;
    steps.push({
      kind: 'connector',
      label: `Maintenance du connecteur « ${connector.label} »`,
      detail: revised.detail,
      amountCents: revised.cents,
      source: 'annexe Toodego §10.2.1 (avenant n° 1)',
    });
  }

  const amountCents = periodCents + connectorsCents;
  steps.push({
    kind: 'total',
    label: 'Montant dû',
    detail:
      connectorsCents > 0
        ? `${formatCents(periodCents)} + ${formatCents(connectorsCents)} = ${formatCents(amountCents)}`
        : formatCents(amountCents),
    amountCents,
    source: 'convention-cadre art. 10.3 (titre de recette annuel)',
  });

  return {
    year,
    service,
    offer,
    scheduleId: schedule.id,
    tariff,
    population,
    baseCents,
    targetCents,
    fullYearCents,
    periodCents,
    connectorsCents,
    amountCents,
    converging,
    next,
    steps,
  };
}

/** Art. 10.1: revised every year by the Syntec index known on 1 January of the billing year. */
function revise(baseCents: number, input: ContributionInput, steps: ComputationStep[]): number {
  const { year, schedule, syntec } = input;
  const source = 'convention-cadre art. 10.1 (indice Syntec connu le 1er janvier de l’année de facturation)';
  if (baseCents === 0) return 0;
  if (year <= schedule.referenceYear) {
    steps.push({
      kind: 'revision',
      label: 'Révision Syntec',
      detail: `${schedule.referenceYear} est l'année de référence des montants de la convention : pas de révision.`,
      amountCents: baseCents,
      source,
    });
    return baseCents;
  }
  if (!syntec.reference || !syntec.current) {
    steps.push({
      kind: 'revision',
      label: 'Révision Syntec',
      detail: `Indice ${!syntec.current ? `connu au 1er janvier ${year}` : `de référence (1er janvier ${schedule.referenceYear})`} non saisi : montant non révisé. Saisissez l'indice pour réviser.`,
      amountCents: baseCents,
      source,
    });
    return baseCents;
  }
  const revised = mulDivHalfUp(baseCents, syntec.current.hundredths, syntec.reference.hundredths);
  steps.push({
    kind: 'revision',
    label: 'Révision Syntec',
    detail: `${formatCents(baseCents)} × indice connu au 1er janvier ${year} (${formatIndex(syntec.current)}) ÷ indice de référence au 1er janvier ${schedule.referenceYear} (${formatIndex(syntec.reference)}) = ${formatCents(revised)}`,
    amountCents: revised,
    source,
  });
  return revised;
}

/** Art. 10.2 "Dispositions transitoires", for communes billed before the agreement. */
function applyTransition(
  targetCents: number,
  input: ContributionInput,
  steps: ComputationStep[],
): { fullYearCents: number; converging: boolean; next: Carried } {
  const { carried, schedule } = input;
  const source = 'convention-cadre art. 10.2 (dispositions transitoires)';
  if (carried.kind === 'none') return { fullYearCents: targetCents, converging: false, next: { kind: 'none' } };
  if (carried.kind === 'previously_billed') {
    if (targetCents <= carried.cents) {
      steps.push({
        kind: 'transition',
        label: 'Dispositif transitoire',
        detail: `Montant facturé avant la convention : ${formatCents(carried.cents)}. Le nouveau montant (${formatCents(targetCents)}) est inférieur : il s'applique.`,
        amountCents: targetCents,
        source,
      });
      return { fullYearCents: targetCents, converging: false, next: { kind: 'none' } };
    }
    const cap = mulDivHalfUp(carried.cents, 100 + schedule.transition.firstYearCapPercent, 100);
    return capped(
      targetCents,
      cap,
      `Montant facturé avant la convention : ${formatCents(carried.cents)} ; plafond de la première année : + ${schedule.transition.firstYearCapPercent} % = ${formatCents(cap)}`,
      source,
      steps,
    );
  }
  const cap = mulDivHalfUp(carried.previousYearCents, 100 + schedule.transition.yearlyIncreasePercent, 100);
  return capped(
    targetCents,
    cap,
    `Montant de l'année précédente : ${formatCents(carried.previousYearCents)} ; hausse annuelle plafonnée à + ${schedule.transition.yearlyIncreasePercent} % = ${formatCents(cap)}`,
    source,
    steps,
  );
}

function capped(targetCents: number, cap: number, why: string, source: string, steps: ComputationStep[]) {
  if (cap < targetCents) {
    steps.push({
      kind: 'transition',
      label: 'Dispositif transitoire',
      detail: `${why}. Contribution-cible : ${formatCents(targetCents)}, pas encore atteinte : ${formatCents(cap)}.`,
      amountCents: cap,
      source,
    });
    return { fullYearCents: cap, converging: true, next: { kind: 'converging', previousYearCents: cap } as Carried };
  }
  steps.push({
    kind: 'transition',
    label: 'Dispositif transitoire',
    detail: `${why}. La contribution-cible (${formatCents(targetCents)}) est atteinte : elle s'applique désormais, révisée chaque année.`,
    amountCents: targetCents,
    source,
  });
  return { fullYearCents: targetCents, converging: false, next: { kind: 'none' } as Carried };
}

/** Art. 10.3 (joining mid-year) and art. 12.2 (termination for the metropolis's breach): pro rata temporis, by day. */
function proRata(fullYearCents: number, input: ContributionInput, steps: ComputationStep[]): number {
  const period = input.billedPeriod;
  if (!period || fullYearCents === 0) return fullYearCents;
  const yearDays = daysInYear(input.year);
  const days = daysBetween(period.from, period.to) + 1;
  if (days >= yearDays) return fullYearCents;
  if (days <= 0) throw new RangeError('empty billed period');
  const cents = mulDivHalfUp(fullYearCents, days, yearDays);
  const why =
    period.reason === 'joined'
      ? `Adhésion au service le ${formatCalendarDate(period.from)}`
      : period.reason === 'ended_for_metropole_breach'
        ? `Résiliation pour manquement de la Métropole : participation due jusqu'au ${formatCalendarDate(period.to)}`
        : `Adhésion le ${formatCalendarDate(period.from)} et résiliation pour manquement de la Métropole au ${formatCalendarDate(period.to)}`;
  steps.push({
    kind: 'pro_rata',
    label: 'Prorata temporis',
    detail: `${why} : ${days} jours sur ${yearDays}. ${formatCents(fullYearCents)} × ${days} ÷ ${yearDays} = ${formatCents(cents)}`,
    amountCents: cents,
    source: period.reason === 'joined' ? 'convention-cadre art. 10.3' : 'convention-cadre art. 12.2',
  });
  return cents;
}

/** Annexe Toodego §10.2.1: "ce coût suit les révisions de prix appliqués aux contrats […] avec ses prestataires". */
function reviseConnector(
  connector: ConnectorCost,
  current: IndexValue | null,
  year: number,
): { cents: number; detail: string } {
  if (connector.priceYear >= year) {
    return {
      cents: connector.annualCents,
      detail: `Coût annuel de maintenance aux prix ${connector.priceYear} : ${formatCents(connector.annualCents)}`,
    };
  }
  if (!connector.priceIndex || !current) {
    return {
      cents: connector.annualCents,
      detail: `Coût annuel de maintenance aux prix ${connector.priceYear} : ${formatCents(connector.annualCents)} (indice Syntec non saisi : non révisé)`,
    };
  }
  const cents = mulDivHalfUp(connector.annualCents, current.hundredths, connector.priceIndex.hundredths);
  return {
    cents,
    detail: `${formatCents(connector.annualCents)} (prix ${connector.priceYear}) × indice connu au 1er janvier ${year} (${formatIndex(current)}) ÷ indice du prix (${formatIndex(connector.priceIndex)}) = ${formatCents(cents)}`,
  };
}

/** Several consecutive years, each starting from what the previous one carries (simulator and projections). */
export function chainContributions(
  inputs: Array<Omit<ContributionInput, 'carried'>>,
  initial: Carried,
): ContributionResult[] {
  const results: ContributionResult[] = [];
  let carried = initial;
  for (const input of inputs) {
    const result = computeContribution({ ...input, carried });
    results.push(result);
    carried = result.next;
  }
  return results;
}

/**
 * Refund of a paid contribution on termination for the metropolis's breach (convention-cadre art. 12.2: "restituée à
 * la Commune au pro rata temporis"): the share of the billed period after the agreement's last day.
 */
export function refundForMetropoleBreach(options: {
  paidCents: number;
  billedFrom: CalendarDate;
  billedTo: CalendarDate;
  lastDay: CalendarDate;
}): { cents: number; step: ComputationStep } {
  const billedDays = daysBetween(options.billedFrom, options.billedTo) + 1;
  const daysAfter = Math.max(0, Math.min(billedDays, daysBetween(options.lastDay, options.billedTo)));
  const cents = mulDivHalfUp(options.paidCents, daysAfter, billedDays);
  return {
    cents,
    step: {
      kind: 'pro_rata',
      label: 'Restitution au prorata temporis',
      detail: `Résiliation pour manquement de la Métropole, dernier jour le ${formatCalendarDate(options.lastDay)} : ${daysAfter} jours non couverts sur ${billedDays} facturés. ${formatCents(options.paidCents)} × ${daysAfter} ÷ ${billedDays} = ${formatCents(cents)}`,
      amountCents: cents,
      source: 'convention-cadre art. 12.2',
    },
  };
}
