import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * A commune's agents as its administrators manage them: invitations by e-mail (only a sha256 of the one-time link's
 * token is kept) and suspensions (the roles a suspended agent held, given back on reinstatement). Both belong to the
 * commune's production tenant and are row-level secured.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agent_invitation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('agent', 'admin')),
      token_hash text NOT NULL UNIQUE,
      invited_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX agent_invitation_tenant ON agent_invitation (tenant_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE agent_suspension (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      roles text[] NOT NULL CHECK (roles <@ ARRAY['agent', 'admin']::text[] AND cardinality(roles) > 0),
      suspended_at timestamptz NOT NULL,
      suspended_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      PRIMARY KEY (tenant_id, user_id)
    )`.execute(db);
  for (const table of ['agent_invitation', 'agent_suspension']) await enableTenantRowSecurity(db, table);
}
