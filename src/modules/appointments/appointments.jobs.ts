import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { releaseExpiredHolds } from './form-slots.ts';
import { sendReminders } from './send-reminders.ts';

/** Every quarter of an hour: a reminder leaves at most fifteen minutes after it is due. */
export const appointmentRemindersJob = defineRecurringJob({
  name: 'appointments.reminders',
  everyMinutes: 15,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await sendReminders(services);
  },
});

/** Every five minutes: a time held by a form abandoned (or left too long) goes back to the others. */
export const releaseExpiredHoldsJob = defineRecurringJob({
  name: 'appointments.release-holds',
  everyMinutes: 5,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await releaseExpiredHolds(services);
  },
});
