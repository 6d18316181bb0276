import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { applyDueChanges } from './apply-due-changes.ts';
import { approveMinutesTacitly } from './approve-minutes-tacitly.ts';
import { parisDay } from '../../platform/paris-time.ts';

const DAILY = 24 * 60;

/**
 * Every day: annexes and offer changes reaching their date are applied to the subscriptions, agreements reaching
 * their end end, formal notices and claims left without answer are decided by silence (art. 12.2, art. 13).
 */
export const agreementsDailyJob = defineRecurringJob({
  name: 'agreements.apply-due-changes',
  everyMinutes: DAILY,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await applyDueChanges(services, { today: parisDay(services.clock.now()) });
  },
});

/** Every day: minutes whose fifteen days passed without objection are approved (annexe Toodego §5.1). */
export const governanceDailyJob = defineRecurringJob({
  name: 'governance.tacit-approval',
  everyMinutes: DAILY,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await approveMinutesTacitly(services, { today: parisDay(services.clock.now()) });
  },
});
