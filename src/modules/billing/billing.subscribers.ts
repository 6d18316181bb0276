import { subscribe } from '../../platform/events/domain-events.ts';
import { agreementTerminatedForBreach } from '../agreements/index.ts';
import { issueBreachRefunds } from './issue-breach-refunds.ts';

/**
 * An agreement terminated for the metropolis's breach: what was already billed for the year of its last day is
 * refunded pro rata temporis, in the termination's transaction (art. 12.2). For the commune's breach the year stays
 * due in full: nothing to do.
 */
export const refundOnMetropoleBreach = subscribe(agreementTerminatedForBreach, async (event, { trx }) => {
  if (event.breachBy !== 'metropole') return;
  await issueBreachRefunds(trx, {
    tenantId: event.tenantId,
    lastDay: event.lastDay,
    today: event.today,
    actor: event.actor,
    now: event.now,
  });
});
