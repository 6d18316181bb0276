import { describe, expect, it } from 'vitest';
import {
  type ContributionInput,
  chainContributions,
  computeContribution,
  type IndexValue,
  indexKnownOn,
  mulDivHalfUp,
  refundForMetropoleBreach,
} from './contribution-engine.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';

// Syntec values for the hand computations (not real publications): October 2025 known on 1 January 2026 (reference),
// October 2026 known on 1 January 2027 (+3 %).
const OCT_2025: IndexValue = { month: '2025-10', hundredths: 30_000, publishedOn: '2025-11-28' };
const OCT_2026: IndexValue = { month: '2026-10', hundredths: 30_900, publishedOn: '2026-11-27' };
const FLAT = { reference: OCT_2025, current: OCT_2025 };

/** Intl writes French numbers with narrow no-break spaces; the assertions use plain ones. */
const plain = (text: string | undefined) => text?.replace(/[\u202f\u00a0]/g, ' ');

function input(overrides: Partial<ContributionInput>): ContributionInput {
  return {
    schedule: TARIFF_SCHEDULE_2026,
    year: 2026,
    service: 'toodego',
    offer: 'partenaire',
    population: 20_800,
    populationSource: 'INSEE',
    syntec: FLAT,
    carried: { kind: 'none' },
    ...overrides,
  };
}

describe("the seed's own figures (délibération de Givors du 25 septembre 2025; C3, C5)", () => {
  it('a commune of 20 800 inhabitants owes 9 160 € a year for Toodego Partenaire (annexe Toodego §10.1)', () => {
    const result = computeContribution(input({}));
    expect(result.amountCents).toBe(916_000);
    expect(plain(result.steps[0]?.detail)).toBe('5 000,00 € + 0,20 € × 20 800 habitants (INSEE) = 9 160,00 €');
  });

  it('and 1 548 € a year for the school workspace (annexe laclasse.com §6)', () => {
    expect(computeContribution(input({ service: 'laclasse', offer: 'subscribed' })).amountCents).toBe(154_800);
  });

  it('having paid 10 800 € for Toodego before, it pays the lower new amount (art. 10.2)', () => {
    const result = computeContribution(input({ carried: { kind: 'previously_billed', cents: 1_080_000 } }));
    expect(result.amountCents).toBe(916_000);
    expect(result.converging).toBe(false);
    expect(result.next).toEqual({ kind: 'none' });
    expect(plain(result.steps.find((s) => s.kind === 'transition')?.detail)).toContain("est inférieur : il s'applique");
  });

  it('the Abonné offer costs what Partenaire costs; Connecté 5 000 € + 0.02 € per inhabitant (§10.1, §10.2)', () => {
    expect(computeContribution(input({ offer: 'abonne' })).amountCents).toBe(916_000);
    expect(computeContribution(input({ offer: 'connecte' })).amountCents).toBe(541_600);
  });

  it('open data and Geonet are free (avenant n° 1)', () => {
    for (const service of ['opendata', 'geonet'] as const) {
      const result = computeContribution(
        input({ service, offer: 'subscribed', year: 2028, syntec: { reference: OCT_2025, current: OCT_2026 } }),
      );
      expect(result.amountCents).toBe(0);
      expect(plain(result.steps[0]?.detail)).toBe('Service mis à disposition gratuitement.');
    }
  });
});

describe('Syntec revision (art. 10.1, C4)', () => {
  it('uses the index known on 1 January of the billing year: the latest month published by then', () => {
    const series: IndexValue[] = [
      OCT_2025,
      { month: '2025-09', hundredths: 29_900, publishedOn: '2025-10-30' },
      OCT_2026,
      { month: '2026-11', hundredths: 31_000, publishedOn: '2027-01-05' },
    ];
    expect(indexKnownOn(series, '2026-01-01')).toBe(OCT_2025);
    expect(indexKnownOn(series, '2027-01-01')).toBe(OCT_2026);
    expect(indexKnownOn(series, '2025-01-01')).toBeNull();
  });

  it('leaves 2026 unrevised: the annexes state 2026 amounts', () => {
    const result = computeContribution(input({ syntec: { reference: OCT_2025, current: OCT_2026 } }));
    expect(result.amountCents).toBe(916_000);
    expect(plain(result.steps.find((s) => s.kind === 'revision')?.detail)).toContain("2026 est l'année de référence");
  });

  it('revises later years by the ratio of the indices, rounded to the nearest cent', () => {
    // 916 000 × 303,70 / 300,00 = 927 297,33… → 927 297 cents
    const current: IndexValue = { month: '2026-10', hundredths: 30_370, publishedOn: '2026-11-27' };
    const result = computeContribution(input({ year: 2027, syntec: { reference: OCT_2025, current } }));
    expect(result.targetCents).toBe(927_297);
    expect(result.amountCents).toBe(927_297);
    expect(plain(result.steps.find((s) => s.kind === 'revision')?.detail)).toBe(
      '9 160,00 € × indice connu au 1er janvier 2027 (octobre 2026 : 303,7) ÷ indice de référence au 1er janvier 2026 (octobre 2025 : 300,0) = 9 272,97 €',
    );
  });

  it('says so when an index is missing rather than inventing one', () => {
    const result = computeContribution(input({ year: 2027, syntec: { reference: OCT_2025, current: null } }));
    expect(result.amountCents).toBe(916_000);
    expect(plain(result.steps.find((s) => s.kind === 'revision')?.detail)).toContain('non saisi : montant non révisé');
  });
});

describe('rounding rule: nearest cent, half a cent up', () => {
  it('rounds exact halves up and everything else to the nearest', () => {
    expect(mulDivHalfUp(5, 1, 2)).toBe(3);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    expect(mulDivHalfUp(1, 1, 3)).toBe(0);
    expect(mulDivHalfUp(2, 1, 3)).toBe(1);
    expect(mulDivHalfUp(-5, 1, 2)).toBe(-3);
    expect(mulDivHalfUp(9_007_199_254_740_991, 3, 3)).toBe(9_007_199_254_740_991);
  });
});

describe('transition from 2026 (art. 10.2, C5): convergence over several years', () => {
  it('caps 2026 at the previous amount + 10 %, then adds 5 % a year until the target is reached', () => {
    // 50 000 inhabitants, Partenaire: target 5 000 € + 0,20 € × 50 000 = 15 000 €; billed 10 000 € before.
    const years = Array.from({ length: 9 }, (_, i) => input({ year: 2026 + i, population: 50_000 }));
    const results = chainContributions(years, { kind: 'previously_billed', cents: 1_000_000 });
    expect(results.map((r) => [r.year, r.amountCents, r.converging])).toEqual([
      [2026, 1_100_000, true],
      [2027, 1_155_000, true],
      [2028, 1_212_750, true],
      [2029, 1_273_388, true], // 1 273 387,5 → half up
      [2030, 1_337_057, true], // 1 337 057,4
      [2031, 1_403_910, true], // 1 403 909,85
      [2032, 1_474_106, true], // 1 474 105,5 → half up
      [2033, 1_500_000, false], // 1 547 811 would pass the target: the target applies
      [2034, 1_500_000, false],
    ]);
    expect(plain(results[0]?.steps.find((s) => s.kind === 'transition')?.detail)).toContain(
      'plafond de la première année : + 10 % = 11 000,00 €',
    );
    expect(plain(results[7]?.steps.find((s) => s.kind === 'transition')?.detail)).toContain(
      'La contribution-cible (15 000,00 €) est atteinte',
    );
  });

  it('converges towards the revised target (the revision keeps applying to the target)', () => {
    // laclasse.com, 30 000 inhabitants: 300 € + 0,06 € × 30 000 = 2 100 €; billed 1 500 € before.
    const [y2026, y2027] = chainContributions(
      [
        input({
          year: 2026,
          service: 'laclasse',
          offer: 'subscribed',
          population: 30_000,
          syntec: { reference: OCT_2025, current: OCT_2025 },
        }),
        input({
          year: 2027,
          service: 'laclasse',
          offer: 'subscribed',
          population: 30_000,
          syntec: { reference: OCT_2025, current: OCT_2026 },
        }),
      ],
      { kind: 'previously_billed', cents: 150_000 },
    );
    expect(y2026?.amountCents).toBe(165_000);
    expect(y2027?.targetCents).toBe(216_300); // 210 000 × 309 / 300
    expect(y2027?.amountCents).toBe(173_250); // 165 000 × 1,05
  });
});

describe('pro rata temporis for a commune joining mid-year (art. 10.3, C6)', () => {
  it('bills the days from the joining date to 31 December', () => {
    const result = computeContribution(
      input({
        service: 'laclasse',
        offer: 'subscribed',
        population: 10_000,
        billedPeriod: { from: '2026-09-01', to: '2026-12-31', reason: 'joined' },
      }),
    );
    expect(result.fullYearCents).toBe(90_000);
    expect(result.amountCents).toBe(30_082); // 90 000 × 122 / 365 = 30 082,19
    expect(plain(result.steps.find((s) => s.kind === 'pro_rata')?.detail)).toBe(
      'Adhésion au service le 1er septembre 2026 : 122 jours sur 365. 900,00 € × 122 ÷ 365 = 300,82 €',
    );
  });

  it('counts 366 days in a leap year', () => {
    const result = computeContribution(
      input({
        year: 2028,
        service: 'laclasse',
        offer: 'subscribed',
        population: 10_000,
        billedPeriod: { from: '2028-03-01', to: '2028-12-31', reason: 'joined' },
      }),
    );
    expect(result.amountCents).toBe(75_246); // 90 000 × 306 / 366 = 75 245,9
  });

  it('bills the whole year when the period covers it', () => {
    const result = computeContribution(
      input({ billedPeriod: { from: '2026-01-01', to: '2026-12-31', reason: 'joined' } }),
    );
    expect(result.amountCents).toBe(916_000);
    expect(result.steps.some((s) => s.kind === 'pro_rata')).toBe(false);
  });
});

describe('offer change mid-year (annexe Toodego §11, C6)', () => {
  it('keeps the original offer’s amount for the year of the change, the new offer’s the year after', () => {
    const [changeYear, nextYear] = chainContributions(
      [
        input({ year: 2027, offer: 'partenaire', offerChange: { to: 'connecte', effectiveOn: '2027-03-15' } }),
        input({ year: 2028, offer: 'connecte' }),
      ],
      { kind: 'none' },
    );
    expect(changeYear?.amountCents).toBe(916_000);
    expect(plain(changeYear?.steps.find((s) => s.kind === 'offer_change')?.detail)).toContain(
      "la participation reste celle de l'offre souscrite initialement",
    );
    expect(nextYear?.amountCents).toBe(541_600);
  });
});

describe('Connecté: maintenance of a connector developed for the commune (annexe Toodego §10.2.1)', () => {
  it('adds its cost, revised like the supplier contracts, to the contribution', () => {
    const result = computeContribution(
      input({
        year: 2027,
        offer: 'connecte',
        population: 31_764,
        syntec: { reference: OCT_2025, current: OCT_2026 },
        connectors: [{ label: 'GRU communale', annualCents: 180_000, priceYear: 2026, priceIndex: OCT_2025 }],
      }),
    );
    expect(result.targetCents).toBe(580_434); // (5 000 € + 0,02 € × 31 764) × 309 / 300 = 5 804,3384 €
    expect(result.connectorsCents).toBe(185_400);
    expect(result.amountCents).toBe(765_834);
    expect(plain(result.steps.at(-1)?.detail)).toBe('5 804,34 € + 1 854,00 € = 7 658,34 €');
  });
});

describe('termination for the metropolis’s breach (art. 12.2)', () => {
  it('refunds the paid contribution pro rata temporis', () => {
    const refund = refundForMetropoleBreach({
      paidCents: 916_000,
      billedFrom: '2027-01-01',
      billedTo: '2027-12-31',
      lastDay: '2027-09-30',
    });
    expect(refund.cents).toBe(230_882); // 916 000 × 92 / 365
    expect(plain(refund.step.detail)).toContain('92 jours non couverts sur 365 facturés');
  });

  it('bills only up to the last day when the order is not issued yet', () => {
    const result = computeContribution(
      input({
        year: 2027,
        billedPeriod: { from: '2027-01-01', to: '2027-09-30', reason: 'ended_for_metropole_breach' },
      }),
    );
    expect(result.amountCents).toBe(916_000 - 230_882);
  });
});
