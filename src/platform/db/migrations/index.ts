import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_platform.ts';

/**
 * The platform's own migrations. Each module lists its own in its descriptor; the runner takes them all, in the order
 * of their names. A static list rather than a folder scan: it works the same under tsx, vitest and a bundled build.
 * Migrations are never edited once merged; fix forward with a new one.
 */
export const PLATFORM_MIGRATIONS: Record<string, Migration> = {
  '0001_platform': m0001,
};
