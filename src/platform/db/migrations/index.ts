import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_platform.ts';
import * as m0100 from './0100_identity.ts';

/**
 * Every migration, in order. A static list rather than a folder scan: it works the same under tsx, vitest and a
 * bundled build. Migrations are never edited once merged; fix forward with a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0100_identity': m0100,
};
