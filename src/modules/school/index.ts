import type { AppModule } from '../../platform/app-module/app-module.ts';
import { seedSchoolDemo } from './demo.ts';
import { listDocumentFileHashes } from './documents/documents.repo.ts';
import { listMessagingFileHashes } from './messaging/messaging.repo.ts';
import { seedSpacesDemo } from './spaces-demo.ts';
import * as m0550 from './migrations/0550_school.ts';
import * as m0600 from './migrations/0600_school_spaces.ts';
import { schoolDailyJob } from './school.jobs.ts';
import { registerSchoolRoutes } from './school.routes.tsx';
import { schoolRuntimeState } from './school-runtime.ts';
import type { SchoolTables } from './school.tables.ts';
import { registerSpacesRoutes } from './spaces.routes.tsx';
import type { SchoolSpacesTables } from './spaces.tables.ts';

/**
 * The schools' digital workspace, for communes subscribed to laclasse.com: schools and their directory (AAF feed and
 * manual entry), EduConnect login, each school's portal, the metropolis's administration of schools, usage statistics,
 * and the school's own services: messaging, blogs and documents (spaces.routes.tsx).
 */
export const schoolModule: AppModule<SchoolTables & SchoolSpacesTables> = {
  name: 'school',
  migrations: { '0550_school': m0550, '0600_school_spaces': m0600 },
  routes: (app) => {
    registerSchoolRoutes(app);
    registerSpacesRoutes(app);
  },
  jobs: [schoolDailyJob],
  state: [schoolRuntimeState],
  seedDemo: async (services) => {
    await seedSchoolDemo(services);
    await seedSpacesDemo(services);
  },
  // Messages' attachments and documents are kept by hash alone.
  heldFileHashes: async (db) => [...(await listMessagingFileHashes(db)), ...(await listDocumentFileHashes(db))],
  crossTenantCases: async () => [
    ...(await import('./school.cross-tenant.ts')).schoolCases,
    ...(await import('./spaces.cross-tenant.ts')).spacesCases,
  ],
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
