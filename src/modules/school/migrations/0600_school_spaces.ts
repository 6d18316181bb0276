import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The school's own services (issue 22, E3): messaging between the members of one school (each message kept as sent:
 * an abuse report points at it as evidence), its suspension per school and for every school at once, blogs per school
 * and class with their moderation, and documents in personal and shared spaces. Everything a commune owns is
 * row-level secured; the metropolis's global suspension belongs to no commune.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE school_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      sender_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      attachment_name text,
      attachment_type text,
      attachment_sha256 text,
      attachment_size integer,
      sent_at timestamptz NOT NULL,
      CHECK ((attachment_sha256 IS NULL) = (attachment_name IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX school_message_sender ON school_message (sender_id, sent_at DESC)`.execute(db);

  await sql`
    CREATE TABLE school_message_recipient (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      message_id uuid NOT NULL REFERENCES school_message(id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      read_at timestamptz,
      PRIMARY KEY (message_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX school_message_recipient_person ON school_message_recipient (person_id)`.execute(db);

  await sql`
    CREATE TABLE school_message_report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      message_id uuid NOT NULL REFERENCES school_message(id),
      reporter_id uuid NOT NULL REFERENCES school_person(id),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      evidence jsonb NOT NULL,
      reported_at timestamptz NOT NULL,
      closed_at timestamptz,
      closed_by text,
      UNIQUE (message_id, reporter_id)
    )`.execute(db);
  await sql`CREATE INDEX school_message_report_school ON school_message_report (school_id, reported_at DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE school_messaging_suspension (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid PRIMARY KEY REFERENCES school(id),
      suspended_at timestamptz NOT NULL,
      actor_label text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE school_messaging_global_suspension (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      suspended_at timestamptz NOT NULL,
      actor_label text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE school_blog_post (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      group_id uuid REFERENCES school_group(id),
      author_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      status text NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
      created_at timestamptz NOT NULL,
      moderated_at timestamptz,
      moderated_by text
    )`.execute(db);
  await sql`CREATE INDEX school_blog_post_school ON school_blog_post (school_id, group_id, created_at DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE school_blog_comment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      post_id uuid NOT NULL REFERENCES school_blog_post(id) ON DELETE CASCADE,
      author_id uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      status text NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
      created_at timestamptz NOT NULL,
      moderated_at timestamptz,
      moderated_by text
    )`.execute(db);
  await sql`CREATE INDEX school_blog_comment_post ON school_blog_comment (post_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE school_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      school_id uuid NOT NULL REFERENCES school(id),
      owner_id uuid REFERENCES school_person(id) ON DELETE CASCADE,
      group_id uuid REFERENCES school_group(id),
      uploaded_by uuid NOT NULL REFERENCES school_person(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      media_type text NOT NULL,
      byte_size integer NOT NULL CHECK (byte_size > 0),
      sha256 text NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK ((owner_id IS NULL) <> (group_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX school_document_owner ON school_document (owner_id)`.execute(db);
  await sql`CREATE INDEX school_document_group ON school_document (group_id)`.execute(db);

  for (const table of [
    'school_message',
    'school_message_recipient',
    'school_message_report',
    'school_messaging_suspension',
    'school_blog_post',
    'school_blog_comment',
    'school_document',
  ])
    await enableTenantRowSecurity(db, table);
}
