import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import type { AgreementAnnex } from './agreements.tables.ts';

/** Pure readings of a commune's annex periods (live ones: cancelled periods are never passed here). */

/** The offer of a service on a day: the period covering it, or 'none'. */
export function offerOn(annexes: readonly AgreementAnnex[], service: SharedService, day: string): SubscriptionOffer {
  const period = annexes.find((a) => a.service === service && a.starts_on <= day && day <= a.last_day);
  return period?.offer ?? 'none';
}

/** The last period of a service (the one a change or an end applies to). */
export function latestPeriod(annexes: readonly AgreementAnnex[], service: SharedService): AgreementAnnex | undefined {
  return annexes
    .filter((a) => a.service === service)
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on))
    .at(-1);
}
