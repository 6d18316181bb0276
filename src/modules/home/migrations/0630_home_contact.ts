import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/** Issue 23 §2: a commune's contact details and opening hours, shown on its home page (one row per instance). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE home_contact (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
      address text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
      phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
      email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
      opening_hours text NOT NULL DEFAULT '' CHECK (length(opening_hours) <= 1000),
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await enableTenantRowSecurity(db, 'home_contact');
}
