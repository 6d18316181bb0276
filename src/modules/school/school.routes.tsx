import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin.routes.tsx';
import { registerEduConnectRoutes } from './educonnect.routes.tsx';
import { registerManageRoutes } from './manage.routes.tsx';
import { registerPortalRoutes } from './portal.routes.tsx';

export function registerSchoolRoutes(app: FastifyInstance): void {
  registerEduConnectRoutes(app);
  registerPortalRoutes(app);
  registerManageRoutes(app);
  registerAdminRoutes(app);
}
