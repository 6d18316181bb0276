import type { AppModule } from '../../platform/app-module/app-module.ts';
import { appointmentRemindersJob, releaseExpiredHoldsJob } from './appointments.jobs.ts';
import { registerAppointmentsRoutes } from './appointments.routes.tsx';
import type { AppointmentsTables } from './appointments.tables.ts';
import { confirmFormBookings } from './confirm-form-bookings.ts';
import { seedAppointmentsDemo } from './demo.ts';
import { appointmentSlots } from './form-slots.ts';
import * as m0510 from './migrations/0510_appointments.ts';
import * as m0511 from './migrations/0511_appointment_holds.ts';

/** Appointments with a desk: agendas, booking, reminders, the agents' day, calendar feeds. */
export const appointmentsModule: AppModule<AppointmentsTables> = {
  name: 'appointments',
  migrations: { '0510_appointments': m0510, '0511_appointment_holds': m0511 },
  routes: registerAppointmentsRoutes,
  jobs: [appointmentRemindersJob, releaseExpiredHoldsJob],
  subscribers: [confirmFormBookings],
  appointmentSlots,
  seedDemo: seedAppointmentsDemo,
  crossTenantCases: async () => (await import('./appointments.cross-tenant.ts')).appointmentsCases,
};
