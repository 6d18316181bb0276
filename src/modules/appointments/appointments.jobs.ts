import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
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
