import type { AppModule } from '../../platform/app-module/app-module.ts';
import { registerClassroomRoutes } from './classroom.routes.tsx';
import type { ClassroomTables } from './classroom.tables.ts';
import { seedClassroomDemo } from './demo.ts';
import * as m0605 from './migrations/0605_classroom.ts';

/**
 * The classes' spaces of the school workspace (issue 22 §4–§6): each class's homework log and news, the register with
 * absences, lateness, their reasons, the parents' notice and the export, and the cultural projects shared by several
 * classes and outside partners. Above `school`, whose directory it reads through school's index.
 */
export const classroomModule: AppModule<ClassroomTables> = {
  name: 'classroom',
  migrations: { '0605_classroom': m0605 },
  routes: registerClassroomRoutes,
  // The school's portal offers these services and leads its tiles here (school reads this, never imports us).
  schoolServices: [
    { service: 'homework', path: 'classes' },
    { service: 'news', path: 'classes' },
    { service: 'attendance', path: 'absences' },
    { service: 'ccn', path: 'projets' },
  ],
  seedDemo: seedClassroomDemo,
  crossTenantCases: async () => (await import('./classroom.cross-tenant.ts')).classroomCases,
};
