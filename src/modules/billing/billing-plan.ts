import type { SharedService } from '../../platform/db/schema.ts';
import type { Agreement, AgreementAnnex } from '../agreements/index.ts';
import { addDays, type CalendarDate, yearOf } from '../../platform/paris-time.ts';
import type { ConnectorCostRow, RevenueOrderLine } from './billing.tables.ts';
import {
  type Carried,
  type ContributionInput,
  type ContributionResult,
  computeContribution,
  type IndexValue,
  indexKnownOn,
} from './contribution-engine.ts';
import { isFree, type TariffSchedule, tariffKeyOf } from './tariffs.ts';

/**
 * From a commune's contract data to the engine's inputs, year by year. Pure: the data is loaded by the caller
 * (`loadBillingData`), the day is an argument.
 */
export type BillingData = {
  commune: {
    id: string;
    name: string;
    inseeCode: string | null;
    slug: string;
    population: number;
    populationYear: number | null;
  };
  agreements: Agreement[];
  /** Live annex periods (cancelled ones left out). */
  annexes: AgreementAnnex[];
  syntec: IndexValue[];
  populationOverrides: Map<number, { population: number; source: string }>;
  connectors: ConnectorCostRow[];
  /** Contribution lines already issued: what was billed prevails over a recomputation. */
  billedLines: RevenueOrderLine[];
};

export type PlannedLine = {
  service: SharedService;
  result: ContributionResult;
  billedFrom: CalendarDate;
  billedTo: CalendarDate;
  population: { value: number; source: string };
  syntec: ContributionInput['syntec'];
};

/** The population for a billing year: an operator's figure for that year, else INSEE's (art. 10.1: "au 31 décembre N-1"). */
export function populationFor(data: BillingData, year: number): { value: number; source: string } {
  const override = data.populationOverrides.get(year);
  if (override) return { value: override.population, source: override.source };
  const vintage = data.commune.populationYear ?? year;
  return { value: data.commune.population, source: `INSEE, population totale en vigueur au 1er janvier ${vintage}` };
}

/** Runs of consecutive periods of one service: a service dropped and taken again starts a new run. */
function runsOf(annexes: AgreementAnnex[], service: SharedService, until: CalendarDate): AgreementAnnex[][] {
  const periods = annexes
    .filter((a) => a.service === service && a.starts_on <= until && a.last_day >= a.starts_on)
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const runs: AgreementAnnex[][] = [];
  for (const period of periods) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && addDays(previous.last_day, 1) >= period.starts_on) run.push(period);
    else runs.push([period]);
  }
  return runs;
}

/**
 * One service's contribution for one year, or null when the service is not billed that year (not subscribed, free,
 * or before the first billing year). Only periods that have started by `asOf` count: an order never bills a service
 * the commune does not have yet.
 */
export function planServiceYear(
  data: BillingData,
  schedule: TariffSchedule,
  service: SharedService,
  year: number,
  asOf: CalendarDate,
): PlannedLine | null {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const run = runsOf(data.annexes, service, asOf).find(
    (r) => (r[0]?.starts_on ?? '') <= yearEnd && (r.at(-1)?.last_day ?? '') >= yearStart,
  );
  const first = run?.[0];
  if (!run || !first) return null;
  const firstKey = tariffKeyOf(service, first.offer);
  if (!firstKey || isFree(schedule.tariffs[firstKey])) return null;
  const firstYear = Math.max(schedule.firstBillingYear, yearOf(first.starts_on));
  if (year < firstYear) return null;

  let carried: Carried =
    first.previously_billed_cents !== null
      ? { kind: 'previously_billed', cents: first.previously_billed_cents }
      : { kind: 'none' };
  let planned: PlannedLine | null = null;
  for (let y = firstYear; y <= year; y++) {
    const billed = data.billedLines.find(
      (l) => l.service === service && l.year === y && l.line_kind === 'contribution',
    );
    if (billed && y < year) {
      carried = billed.converging
        ? { kind: 'converging', previousYearCents: billed.full_year_cents }
        : { kind: 'none' };
      continue;
    }
    planned = planOneYear(data, schedule, service, run, y, carried);
    carried = planned.result.next;
  }
  return planned;
}

function planOneYear(
  data: BillingData,
  schedule: TariffSchedule,
  service: SharedService,
  run: AgreementAnnex[],
  year: number,
  carried: Carried,
): PlannedLine {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const inYear = run.filter((p) => p.starts_on <= yearEnd && p.last_day >= yearStart);
  const billedPeriod = inYear[0] ?? run[0];
  if (!billedPeriod) throw new Error('empty run');
  // Annexe Toodego §11: the year of a change keeps the offer subscribed at its start.
  const change = inYear.find((p) => p.offer !== billedPeriod.offer);
  const first = run[0] as AgreementAnnex;
  const joined =
    yearOf(first.starts_on) === year && first.starts_on > yearStart && first.previously_billed_cents === null;
  const agreement = data.agreements.find((a) => a.id === (run.at(-1) as AgreementAnnex).agreement_id);
  const endedForMetropoleBreach =
    agreement?.end_reason === 'breach_by_metropole' && yearOf(agreement.last_day) === year;
  const from = joined ? first.starts_on : yearStart;
  const to = endedForMetropoleBreach && agreement ? agreement.last_day : yearEnd;
  const population = populationFor(data, year);
  const syntec = {
    reference: indexKnownOn(data.syntec, `${schedule.referenceYear}-01-01`),
    current: indexKnownOn(data.syntec, yearStart),
  };
  const connectors =
    service === 'toodego' && billedPeriod.offer === 'connecte'
      ? data.connectors
          .filter((c) => c.active_from <= yearEnd && (c.active_until === null || c.active_until >= yearStart))
          .map((c) => ({
            label: c.label,
            annualCents: c.annual_cents,
            priceYear: c.price_year,
            priceIndex: indexKnownOn(data.syntec, `${c.price_year}-01-01`),
          }))
      : [];
  const result = computeContribution({
    schedule,
    year,
    service,
    offer: billedPeriod.offer,
    population: population.value,
    populationSource: population.source,
    syntec,
    carried,
    ...(joined || endedForMetropoleBreach
      ? {
          billedPeriod: {
            from,
            to,
            reason: joined && endedForMetropoleBreach ? 'both' : joined ? 'joined' : 'ended_for_metropole_breach',
          },
        }
      : {}),
    ...(change ? { offerChange: { to: change.offer, effectiveOn: change.starts_on } } : {}),
    connectors,
  });
  return { service, result, billedFrom: from, billedTo: to, population, syntec };
}
