import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The classes' own spaces (issue 22 §4–§6): the homework log (a class's sessions, their content and homework, published
 * or not), the register (absences and lateness per session, their reasons, the parents' notice), the classes' news and
 * the cultural projects shared by several classes and outside partners. Every table belongs to the commune; the
 * school's directory (schools, groups, people) is the school module's, referred to by id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE classroom_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      group_id uuid NOT NULL REFERENCES school_group(id),
      day date NOT NULL,
      starts_at text NOT NULL CHECK (starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 100),
      content text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
      homework text CHECK (length(homework) <= 2000),
      homework_due date,
      published boolean NOT NULL DEFAULT false,
      author_label text NOT NULL,
      register_taken_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((homework IS NULL) = (homework_due IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX classroom_session_group ON classroom_session (group_id, day DESC, starts_at DESC)`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_session');

  await sql`
    CREATE TABLE classroom_mark (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      session_id uuid NOT NULL REFERENCES classroom_session(id),
      pupil_id uuid NOT NULL REFERENCES school_person(id),
      kind text NOT NULL CHECK (kind IN ('absent', 'late')),
      minutes_late integer CHECK (minutes_late BETWEEN 1 AND 600),
      reason text CHECK (length(reason) <= 500),
      reason_label text,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      UNIQUE (session_id, pupil_id)
    )`.execute(db);
  await sql`CREATE INDEX classroom_mark_school ON classroom_mark (school_id, recorded_at DESC)`.execute(db);
  await sql`CREATE INDEX classroom_mark_pupil ON classroom_mark (pupil_id)`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_mark');

  await sql`
    CREATE TABLE classroom_project (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_project');

  await sql`
    CREATE TABLE classroom_project_class (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      project_id uuid NOT NULL REFERENCES classroom_project(id),
      group_id uuid NOT NULL REFERENCES school_group(id),
      PRIMARY KEY (project_id, group_id)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_project_class');

  await sql`
    CREATE TABLE classroom_project_partner (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      project_id uuid NOT NULL REFERENCES classroom_project(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (project_id, email)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_project_partner');

  await sql`
    CREATE TABLE classroom_post (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      group_id uuid REFERENCES school_group(id),
      project_id uuid REFERENCES classroom_project(id),
      kind text NOT NULL CHECK (kind IN ('news', 'instructions', 'work', 'resource')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
      author_label text NOT NULL,
      published_at timestamptz NOT NULL,
      CHECK ((group_id IS NULL) <> (project_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX classroom_post_group ON classroom_post (group_id, published_at DESC)`.execute(db);
  await sql`CREATE INDEX classroom_post_project ON classroom_post (project_id, published_at DESC)`.execute(db);
  await enableTenantRowSecurity(db, 'classroom_post');
}
