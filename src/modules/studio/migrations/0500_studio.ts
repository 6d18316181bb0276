import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The studio's services and their draft versions. A version's content never changes once written (each save is a
 * new one), and a published version changes no more at all: the trigger refuses it, as form_version's does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE studio_service (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
      created_at timestamptz NOT NULL,
      UNIQUE (tenant_id, slug)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'studio_service');
  await sql`
    CREATE TABLE studio_revision (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      service_id uuid NOT NULL REFERENCES studio_service(id),
      number integer NOT NULL CHECK (number > 0),
      content jsonb NOT NULL,
      note text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      published_at timestamptz,
      form_version_id uuid,
      workflow_version_id uuid,
      UNIQUE (service_id, number)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'studio_revision');
  await sql`
    CREATE OR REPLACE FUNCTION communs_studio_revision_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.published_at IS NOT NULL OR NEW.content IS DISTINCT FROM OLD.content
         OR NEW.number <> OLD.number OR NEW.service_id <> OLD.service_id THEN
        RAISE EXCEPTION 'studio_revision % is frozen', OLD.id;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER studio_revision_frozen BEFORE UPDATE OR DELETE ON studio_revision
    FOR EACH ROW EXECUTE FUNCTION communs_studio_revision_frozen()`.execute(db);
}
