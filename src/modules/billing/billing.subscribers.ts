import { boundTo } from '../../platform/db/tenant-scope.ts';
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
  // The termination's transaction is in the commune's scope; bound here to the commune the event names (binding it
  // to another would throw, failing the termination).
  await issueBreachRefunds(boundTo(trx, event.tenantId), {
    lastDay: event.lastDay,
    today: event.today,
    actor: event.actor,
    now: event.now,
  });
});
