import type { AppModule } from '../../platform/app-module/app-module.ts';
import { appointmentRemindersJob } from './appointments.jobs.ts';
import { registerAppointmentsRoutes } from './appointments.routes.tsx';
import type { AppointmentsTables } from './appointments.tables.ts';
import { seedAppointmentsDemo } from './demo.ts';
import * as m0510 from './migrations/0510_appointments.ts';

/** Appointments with a desk: agendas, booking, reminders, the agents' day, calendar feeds. */
export const appointmentsModule: AppModule<AppointmentsTables> = {
  name: 'appointments',
  migrations: { '0510_appointments': m0510 },
  routes: registerAppointmentsRoutes,
  jobs: [appointmentRemindersJob],
  seedDemo: seedAppointmentsDemo,
  crossTenantCases: async () => (await import('./appointments.cross-tenant.ts')).appointmentsCases,
};
