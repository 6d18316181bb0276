import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

const PROFILE = `profile text NOT NULL CHECK (profile IN ('pupil', 'parent', 'teacher', 'staff', 'head', 'school_admin'))`;
const SOURCE = `source text NOT NULL CHECK (source IN ('aaf', 'manual'))`;

/**
 * The school workspace: schools (by UAI) owned by their commune, classes and groups, the people of the directory with
 * one profile per school, parent–child links, the portal's tiles and news, the import reports, and usage counted per
 * day, school, profile and service (never per person). Everything a commune owns is row-level secured; the replay
 * guard of EduConnect responses belongs to no commune.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE school (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      uai text NOT NULL UNIQUE CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('maternelle', 'elementaire', 'primaire', 'college')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'merged')),
      opened_on date NOT NULL,
      closed_on date,
      merged_into uuid REFERENCES school(id),
      purge_after date,
      created_at timestamptz NOT NULL,
      CHECK ((status = 'open') = (closed_on IS NULL)),
      CHECK ((status = 'merged') = (merged_into IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX school_tenant ON school (tenant_id, status)`.execute(db);

  await sql`
    CREATE TABLE school_group (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL CHECK (kind IN ('class', 'group')),
      code text NOT NULL,
      name text NOT NULL,
      ${sql.raw(SOURCE)},
      archived_at timestamptz,
      UNIQUE (school_id, kind, code)
    )`.execute(db);

  await sql`
    CREATE TABLE school_person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      aaf_jointure text,
      last_name text NOT NULL,
      first_name text NOT NULL,
      birth_date date,
      email text,
      account_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      ${sql.raw(SOURCE)},
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (tenant_id, aaf_jointure)
    )`.execute(db);
  await sql`CREATE INDEX school_person_account ON school_person (account_id)`.execute(db);
  await sql`CREATE INDEX school_person_email ON school_person (tenant_id, lower(email))`.execute(db);
  await sql`CREATE INDEX school_person_jointure ON school_person (aaf_jointure)`.execute(db);

  await sql`
    CREATE TABLE school_profile (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      person_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      ${sql.raw(PROFILE)},
      ${sql.raw(SOURCE)},
      active boolean NOT NULL DEFAULT true,
      ended_at timestamptz,
      UNIQUE (school_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX school_profile_person ON school_profile (person_id)`.execute(db);

  await sql`
    CREATE TABLE school_membership (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      group_id uuid NOT NULL REFERENCES school_group(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      ${sql.raw(SOURCE)},
      PRIMARY KEY (group_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX school_membership_person ON school_membership (person_id)`.execute(db);

  await sql`
    CREATE TABLE school_parent_link (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      parent_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      child_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      relation text NOT NULL DEFAULT '',
      ${sql.raw(SOURCE)},
      PRIMARY KEY (parent_id, child_id),
      CHECK (parent_id <> child_id)
    )`.execute(db);

  await sql`
    CREATE TABLE school_tile (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      service text NOT NULL,
      title text NOT NULL,
      url text NOT NULL,
      profiles text[] NOT NULL DEFAULT '{}',
      group_ids uuid[] NOT NULL DEFAULT '{}',
      position integer NOT NULL DEFAULT 0,
      archived_at timestamptz,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX school_tile_school ON school_tile (school_id, position)`.execute(db);

  await sql`
    CREATE TABLE school_news (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      title text NOT NULL,
      body text NOT NULL,
      author_label text NOT NULL,
      published_at timestamptz NOT NULL,
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX school_news_school ON school_news (school_id, published_at DESC)`.execute(db);

  await sql`
    CREATE TABLE school_import (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      kind text NOT NULL CHECK (kind IN ('full', 'delta')),
      file_name text NOT NULL,
      sha256 text NOT NULL,
      created integer NOT NULL,
      updated integer NOT NULL,
      removed integer NOT NULL,
      unchanged integer NOT NULL,
      ignored integer NOT NULL,
      rejected jsonb NOT NULL,
      imported_at timestamptz NOT NULL,
      actor_label text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE school_usage (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      day date NOT NULL,
      ${sql.raw(PROFILE)},
      kind text NOT NULL CHECK (kind IN ('login', 'portal', 'service')),
      service text NOT NULL DEFAULT '',
      count integer NOT NULL CHECK (count > 0),
      PRIMARY KEY (school_id, day, profile, kind, service)
    )`.execute(db);

  for (const table of [
    'school',
    'school_group',
    'school_person',
    'school_profile',
    'school_membership',
    'school_parent_link',
    'school_tile',
    'school_news',
    'school_import',
    'school_usage',
  ])
    await enableTenantRowSecurity(db, table);

  await sql`
    CREATE TABLE school_saml_replay (
      key text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    )`.execute(db);
}
