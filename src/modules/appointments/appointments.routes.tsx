import type { FastifyInstance } from 'fastify';
import { registerAdminAppointmentRoutes } from './admin.routes.tsx';
import { registerAgentAppointmentRoutes } from './agents.routes.tsx';
import { registerPublicAppointmentRoutes } from './public.routes.tsx';

export function registerAppointmentsRoutes(app: FastifyInstance): void {
  registerPublicAppointmentRoutes(app);
  registerAdminAppointmentRoutes(app);
  registerAgentAppointmentRoutes(app);
}
