import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agreementCalendar,
  disputeAnswerDeadline,
  effectiveDate,
  endOfYearNotice,
  formalNoticeDeadline,
  maxLastDay,
  minutesApprovalDeadline,
} from './agreement-terms.ts';
import { addMonths } from '../../platform/paris-time.ts';
import { checklistFor } from './transition-checklist.ts';

// An agreement signed by the commune on 6 October 2025 and by the metropolis on 20 October 2025.
const EFFECTIVE = effectiveDate('2025-10-06', '2025-10-20');

describe('duration and renewal (convention-cadre art. 2, C1)', () => {
  it('takes effect at the later signature', () => {
    expect(EFFECTIVE).toBe('2025-10-20');
    expect(effectiveDate('2026-03-16', '2026-02-02')).toBe('2026-03-16');
  });

  it('runs one year at a time, tacitly renewed, six years at most', () => {
    expect(maxLastDay(EFFECTIVE)).toBe('2031-10-19');
    const inYear2 = agreementCalendar({ effectiveOn: EFFECTIVE, lastDay: maxLastDay(EFFECTIVE) }, '2026-11-30');
    expect(inYear2).toMatchObject({
      state: 'in_force',
      adhesionYear: 2,
      currentYearLastDay: '2027-10-19',
      nextRenewalOn: '2027-10-20',
      noticeDeadline: '2027-07-20',
      renewalsLeft: 4,
    });
    const lastYear = agreementCalendar({ effectiveOn: EFFECTIVE, lastDay: maxLastDay(EFFECTIVE) }, '2031-01-01');
    expect(lastYear).toMatchObject({ adhesionYear: 6, nextRenewalOn: null, noticeDeadline: null, renewalsLeft: 0 });
    expect(agreementCalendar({ effectiveOn: EFFECTIVE, lastDay: maxLastDay(EFFECTIVE) }, '2031-10-20').state).toBe(
      'ended',
    );
    expect(agreementCalendar({ effectiveOn: EFFECTIVE, lastDay: maxLastDay(EFFECTIVE) }, '2025-10-19').state).toBe(
      'signed_not_in_force',
    );
  });
});

describe('termination with three months’ notice at the end of a year (art. 12.2, C1)', () => {
  it('ends the agreement at the end of the current year when the letter is received in time', () => {
    expect(endOfYearNotice(EFFECTIVE, '2026-07-20')).toEqual({
      receivedInYear: 1,
      deadline: '2026-07-20',
      late: false,
      effectiveOn: '2026-10-20',
      lastDay: '2026-10-19',
      overtakenByMaxDuration: false,
    });
  });

  it('counts the date of receipt: a day late means a tacit renewal for one more year', () => {
    expect(endOfYearNotice(EFFECTIVE, '2026-07-21')).toMatchObject({
      late: true,
      effectiveOn: '2027-10-20',
      lastDay: '2027-10-19',
    });
  });

  it('cannot push the end past the six years', () => {
    expect(endOfYearNotice(EFFECTIVE, '2031-08-01')).toMatchObject({
      receivedInYear: 6,
      late: true,
      lastDay: '2031-10-19',
      overtakenByMaxDuration: true,
    });
  });

  it('handles month ends and leap days without drifting', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-05-31', -3)).toBe('2027-02-28');
    expect(endOfYearNotice('2028-02-29', '2028-11-29')).toMatchObject({
      deadline: '2028-11-28',
      late: true,
      effectiveOn: '2030-02-28',
    });
  });
});

describe('breach, disputes, minutes: deadlines (art. 12.2, art. 13, annexe Toodego §5.1)', () => {
  it('gives two months after a formal notice', () => {
    expect(formalNoticeDeadline('2026-12-31')).toBe('2027-02-28');
  });
  it('gives one month to answer a written claim', () => {
    expect(disputeAnswerDeadline('2027-01-31')).toBe('2027-02-28');
  });
  it('gives fifteen days to approve minutes', () => {
    expect(minutesApprovalDeadline('2026-12-20')).toBe('2027-01-04');
  });
});

// The seed's table (annexe Toodego §11), copied verbatim, read row by row.
const table = readFileSync(
  new URL('../../../test/fixtures/annexe-toodego-11-changement-offre.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t'));

describe('what leaving or changing offer triggers (annexe Toodego §11, T14)', () => {
  const row = (offer: string) => table.find((cells) => cells[0] === offer) ?? [];
  const labels = (tasks: ReturnType<typeof checklistFor>) => tasks.map((t) => t.label);

  it('has the three rows of the seed', () => {
    expect(table.map((cells) => cells[0])).toEqual(["Type d'offre", 'Partenaire', 'Connecté', 'Abonné']);
  });

  it('Partenaire: the instance is decommissioned, the commune gets its data, pending requests are finished first', () => {
    expect(row('Partenaire')[1]).toMatch(
      /instance communale est décommissionnée.*récupérer les données.*finaliser le traitement des demandes en cours/,
    );
    expect(row('Partenaire')[2]).toBe('Idem que résiliation');
    for (const to of ['none', 'abonne', 'connecte'] as const) {
      const tasks = checklistFor({ service: 'toodego', from: 'partenaire', to });
      expect(labels(tasks)).toEqual([
        'Finaliser le traitement des demandes en cours',
        "Récupérer les données de l'instance communale (la commune peut récupérer les données qui s'y trouvent)",
        "Décommissionner l'instance communale",
      ]);
      expect(tasks.find((t) => t.code === 'decommission_instance')?.after).toBe('finish_pending_requests');
    }
  });

  it('Connecté: the connectors are decommissioned, no data to take back', () => {
    expect(row('Connecté')[1]).toMatch(/connecteurs sont décommissionnés.*Pas de reprise des données/);
    expect(row('Connecté')[2]).toBe('Idem que résiliation');
    expect(labels(checklistFor({ service: 'toodego', from: 'connecte', to: 'none' }))).toEqual([
      'Décommissionner les connecteurs (pas de reprise des données nécessaire)',
    ]);
    expect(checklistFor({ service: 'toodego', from: 'connecte', to: 'partenaire' })).toEqual(
      checklistFor({ service: 'toodego', from: 'connecte', to: 'none' }),
    );
  });

  it('Abonné: e-services offline, non-anonymised data on request, pending requests finished', () => {
    expect(row('Abonné')[1]).toMatch(
      /mis hors ligne.*non anonymisées peuvent être transmises à la commune sur demande.*finaliser le traitement des demandes en cours/,
    );
    expect(labels(checklistFor({ service: 'toodego', from: 'abonne', to: 'none' }))).toEqual([
      'Finaliser le traitement des demandes en cours',
      'Mettre les téléservices hors ligne',
      'Transmettre à la commune, si elle le demande, les données non anonymisées',
    ]);
  });

  it('Abonné → Partenaire: e-services transferred, data not', () => {
    expect(row('Abonné')[2]).toMatch(
      /bascule sur l'offre « Partenaire », un transfert des téléservices.*transfert des données.*ne sera pas pris en charge/,
    );
    expect(labels(checklistFor({ service: 'toodego', from: 'abonne', to: 'partenaire' }))).toEqual([
      "Transférer les téléservices vers l'instance communale",
      "Informer la commune que le transfert des données vers l'instance communale n'est pas pris en charge par la Métropole",
    ]);
  });

  it('any other service that ends: the commune gets its data back (art. 12.3)', () => {
    expect(labels(checklistFor({ service: 'laclasse', from: 'subscribed', to: 'none' }))).toEqual([
      'Permettre à la commune de récupérer les données qui lui sont propres',
      "Fermer l'accès de la commune au service",
    ]);
    expect(checklistFor({ service: 'geonet', from: 'none', to: 'subscribed' })).toEqual([]);
  });
});
