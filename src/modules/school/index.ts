import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedSchoolDemo } from './demo.ts';
import * as m0550 from './migrations/0550_school.ts';
import { schoolDailyJob } from './school.jobs.ts';
import { registerSchoolRoutes } from './school.routes.tsx';
import { schoolRuntimeState } from './school-runtime.ts';
import type { SchoolTables } from './school.tables.ts';

/**
 * The schools' digital workspace, for communes subscribed to laclasse.com: schools and their directory (AAF feed and
 * manual entry), EduConnect login, each school's portal, the metropolis's administration of schools, usage statistics.
 */
export const schoolModule: AppModule<SchoolTables> = {
  name: 'school',
  migrations: { '0550_school': m0550 },
  routes: registerSchoolRoutes,
  jobs: [schoolDailyJob],
  state: [schoolRuntimeState],
  seedDemo: seedSchoolDemo,
  crossTenantCases: async () => (await import('./school.cross-tenant.ts')).schoolCases,
};

// The command line's AAF import (src/main.ts): an académie's file is read from the server's disk, not uploaded.
export {
  AAF_COMMAND_USAGE,
  AafCommandError,
  formatAafOutcomes,
  importAafFileForCommune,
  parseAafCommandArgs,
} from './aaf/import-aaf-command.ts';

// For the modules above (classroom): a school's directory as its members see it, and its classes and groups.
export { findSchoolByUai, listDirectory, listGroups } from './directory.repo.ts';
export { PROFILE_LABELS, mayManageSchool } from './portal-rights.ts';
export type { Profile, School, SchoolGroup } from './school.tables.ts';
export {
  type GroupPerson,
  type SchoolViewer,
  findSchoolViewer,
  listChildren,
  listGroupPeople,
  listParentContacts,
} from './school-members.ts';
