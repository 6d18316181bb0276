import { addDays, addMonths, addYears, type CalendarDate, laterOf } from '../../platform/paris-time.ts';

/**
 * The framework agreement's time rules, pure (dates are arguments). Figures and wording from the seed:
 * art. 2 (duration), art. 12.2 (termination, notice, breach), art. 13 (disputes), annexe Toodego §5.1 (minutes),
 * annexe Toodego §11 (change of offer).
 */
export const AGREEMENT_TERMS = {
  /** Art. 2: "conclue pour une durée d'un an, renouvelable par tacite reconduction […] durée maximum de 6 ans". */
  maxYears: 6,
  /** Art. 12.2 and annexe Toodego §11: "préavis de trois (3) mois […] la date de réception par la Métropole faisant foi". */
  noticeMonths: 3,
  /** Art. 12.2: "mise en demeure […] restée infructueuse dans un délai de deux (2) mois". */
  formalNoticeMonths: 2,
  /** Art. 13: "un délai d'un (1) mois […] pour notifier sa décision. L'absence de décision […] vaut rejet". */
  disputeAnswerMonths: 1,
  /** Annexe Toodego §5.1: minutes "soumis à validation […] sous un délai de quinze (15) jours". */
  minutesApprovalDays: 15,
} as const;

/** Art. 2: "prend effet à compter de sa signature par les Parties, à la date la plus tardive". */
export function effectiveDate(communeSignedOn: CalendarDate, metropoleSignedOn: CalendarDate): CalendarDate {
  return laterOf(communeSignedOn, metropoleSignedOn);
}

/** The last day the agreement can be in force: six years after it took effect, less a day. */
export function maxLastDay(effectiveOn: CalendarDate): CalendarDate {
  return addDays(addYears(effectiveOn, AGREEMENT_TERMS.maxYears), -1);
}

/** First day of adhesion year k + 1 (k ≥ 1): the k-th anniversary of the effective date. */
export function anniversary(effectiveOn: CalendarDate, k: number): CalendarDate {
  return addYears(effectiveOn, k);
}

/** Which adhesion year (1, 2, …) a day falls in; days before the effective date count as the first year. */
export function adhesionYear(effectiveOn: CalendarDate, day: CalendarDate): number {
  let k = 1;
  while (anniversary(effectiveOn, k) <= day) k++;
  return k;
}

/** The last day a notice may be received for the agreement (or offer) to end with adhesion year k. */
export function noticeDeadline(effectiveOn: CalendarDate, k: number): CalendarDate {
  return addMonths(anniversary(effectiveOn, k), -AGREEMENT_TERMS.noticeMonths);
}

export type NoticeOutcome = {
  /** The adhesion year the notice was received in. */
  receivedInYear: number;
  /** The last day a notice could be received to end with that year. */
  deadline: CalendarDate;
  /** Received after the deadline: the agreement (or the offer) is tacitly renewed for one more year. */
  late: boolean;
  /** The first day the change applies (the agreement no longer in force, or the new offer). */
  effectiveOn: CalendarDate;
  /** The last day under the old terms. */
  lastDay: CalendarDate;
  /** The agreement ends before by reaching its six years: the notice changes nothing. */
  overtakenByMaxDuration: boolean;
};

/**
 * A notice to end the agreement at the end of an adhesion year (art. 12.2), or to change offer (annexe Toodego §11):
 * three months before the end of the current adhesion year, judged on the day of receipt. Received later, it takes
 * effect a year later: "à défaut de respecter ce préavis, la convention-cadre sera réputée reconduite tacitement pour
 * un an" (§11: "l'offre précédemment retenue sera reconduite tacitement pour un an").
 */
export function endOfYearNotice(effectiveOn: CalendarDate, receivedOn: CalendarDate): NoticeOutcome {
  const receivedInYear = adhesionYear(effectiveOn, receivedOn);
  const deadline = noticeDeadline(effectiveOn, receivedInYear);
  const late = receivedOn > deadline;
  const endingYear = receivedInYear + (late ? 1 : 0);
  const overtakenByMaxDuration = endingYear > AGREEMENT_TERMS.maxYears;
  const effective = anniversary(effectiveOn, Math.min(endingYear, AGREEMENT_TERMS.maxYears));
  return {
    receivedInYear,
    deadline,
    late,
    effectiveOn: effective,
    lastDay: addDays(effective, -1),
    overtakenByMaxDuration,
  };
}

/** Art. 12.2: after a formal notice, two months to remedy; then termination may follow. */
export function formalNoticeDeadline(receivedOn: CalendarDate): CalendarDate {
  return addMonths(receivedOn, AGREEMENT_TERMS.formalNoticeMonths);
}

/** Art. 13: the party receiving a written claim has one month from receipt to notify its decision. */
export function disputeAnswerDeadline(receivedOn: CalendarDate): CalendarDate {
  return addMonths(receivedOn, AGREEMENT_TERMS.disputeAnswerMonths);
}

/** Annexe Toodego §5.1: minutes are approved unless a commune answers within fifteen days of receiving them. */
export function minutesApprovalDeadline(publishedOn: CalendarDate): CalendarDate {
  return addDays(publishedOn, AGREEMENT_TERMS.minutesApprovalDays);
}

export type AgreementState = 'signed_not_in_force' | 'in_force' | 'ended';

export type AgreementCalendar = {
  state: AgreementState;
  effectiveOn: CalendarDate;
  /** The last day in force as things stand: the six-year limit, or an earlier end by termination. */
  lastDay: CalendarDate;
  maxLastDay: CalendarDate;
  /** The current adhesion year (1 to 6) while in force. */
  adhesionYear: number | null;
  /** The last day of the current adhesion year. */
  currentYearLastDay: CalendarDate | null;
  /** The day the agreement renews tacitly next, unless it ends then. */
  nextRenewalOn: CalendarDate | null;
  /** The last day a notice to end it at the end of the current year may be received. */
  noticeDeadline: CalendarDate | null;
  /** Tacit renewals still possible within the six years. */
  renewalsLeft: number;
};

/** Where an agreement stands on a given day: "the system knows when each ends". */
export function agreementCalendar(
  agreement: { effectiveOn: CalendarDate; lastDay: CalendarDate },
  today: CalendarDate,
): AgreementCalendar {
  const { effectiveOn, lastDay } = agreement;
  const max = maxLastDay(effectiveOn);
  const base = { effectiveOn, lastDay, maxLastDay: max };
  if (today < effectiveOn) {
    return {
      ...base,
      state: 'signed_not_in_force',
      adhesionYear: null,
      currentYearLastDay: null,
      nextRenewalOn: null,
      noticeDeadline: null,
      renewalsLeft: AGREEMENT_TERMS.maxYears - 1,
    };
  }
  if (today > lastDay) {
    return {
      ...base,
      state: 'ended',
      adhesionYear: null,
      currentYearLastDay: null,
      nextRenewalOn: null,
      noticeDeadline: null,
      renewalsLeft: 0,
    };
  }
  const k = adhesionYear(effectiveOn, today);
  const currentYearLastDay = addDays(anniversary(effectiveOn, k), -1);
  const renews = currentYearLastDay < lastDay;
  return {
    ...base,
    state: 'in_force',
    adhesionYear: k,
    currentYearLastDay,
    nextRenewalOn: renews ? anniversary(effectiveOn, k) : null,
    noticeDeadline: renews ? noticeDeadline(effectiveOn, k) : null,
    renewalsLeft: Math.max(0, AGREEMENT_TERMS.maxYears - k),
  };
}
