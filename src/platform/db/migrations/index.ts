import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_platform.ts';
import * as m0200 from './0200_counter.ts';
import * as m0400 from './0400_backoffice.ts';
import * as m0401 from './0401_request_search.ts';
import * as m0402 from './0402_store_requests.ts';
import * as m0403 from './0403_catalogue_search_index.ts';
import * as m0404 from './0404_request_row_checks.ts';
import * as m0300 from './0300_agreements.ts';
import * as m0301 from './0301_billing.ts';
import * as m0100 from './0100_identity.ts';

/**
 * Every migration, in order. A static list rather than a folder scan: it works the same under tsx, vitest and a
 * bundled build. Migrations are never edited once merged; fix forward with a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0200_counter': m0200,
  '0400_backoffice': m0400,
  '0401_request_search': m0401,
  '0402_store_requests': m0402,
  '0403_catalogue_search_index': m0403,
  '0404_request_row_checks': m0404,
  '0300_agreements': m0300,
  '0301_billing': m0301,
  '0100_identity': m0100,
};
