import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { issueYearlyOrders } from './issue-yearly-orders.ts';

/**
 * The yearly revenue orders (art. 10.3). A daily slot: the job acts from June on, and issues what the year's
 * orders lack; once a commune's services are billed for the year (unique per commune, service, year) nothing more
 * happens, so running every day is safe and a worker that was down on 1 June catches up the next day.
 */
export const yearlyOrdersJob = defineRecurringJob({
  name: 'billing.yearly-orders',
  everyMinutes: 24 * 60,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await issueYearlyOrders(services, { today: parisDay(services.clock.now()) });
  },
});
