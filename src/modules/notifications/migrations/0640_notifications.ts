import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * In-app notifications (issue 23 §4): each person's news about requests, and their choice of channels per kind.
 * The header counts a person's unread notifications on every page: a partial index on them keeps that one lookup.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('status', 'message', 'deadline')),
      request_id uuid REFERENCES request(id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      path text NOT NULL CHECK (path LIKE '/%' AND length(path) <= 500),
      dedupe_key text NOT NULL CHECK (length(dedupe_key) <= 300),
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      UNIQUE (user_id, dedupe_key)
    )`.execute(db);
  await sql`CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL`.execute(db);
  await sql`CREATE INDEX notification_recent ON notification (user_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX notification_request ON notification (request_id)`.execute(db);
  await enableTenantRowSecurity(db, 'notification');

  // A person's own choices, whatever the commune: not a tenant's row.
  await sql`
    CREATE TABLE notification_preference (
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('status', 'message', 'deadline')),
      in_app boolean NOT NULL,
      email boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, kind)
    )`.execute(db);
}
