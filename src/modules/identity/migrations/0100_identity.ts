import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The identity service (GrandLyon Connect): the citizen's identity record with the provenance of each
 * attribute, one-time tokens (sign-up, reset, e-mail change, second factor), the OpenID Connect provider's storage,
 * the communes' clients, consents, federation links (FranceConnect, ProConnect) and the tombstones of deleted accounts.
 * Everything that describes a person goes away with their `user_account` row (ON DELETE CASCADE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE identity_account (
      user_id uuid PRIMARY KEY REFERENCES user_account(id) ON DELETE CASCADE,
      email_verified_at timestamptz,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step integer,
      last_keepalive_at timestamptz,
      inactivity_warned_at timestamptz,
      created_via text NOT NULL DEFAULT 'local' CHECK (created_via IN ('local', 'franceconnect', 'proconnect'))
    )`.execute(db);

  await sql`
    CREATE TABLE identity_attribute (
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      name text NOT NULL,
      value text NOT NULL,
      source text NOT NULL CHECK (source IN ('self', 'franceconnect')),
      verified_at timestamptz,
      acr text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, name),
      CHECK (source = 'self' OR verified_at IS NOT NULL)
    )`.execute(db);

  await sql`
    CREATE TABLE identity_token (
      id text PRIMARY KEY,
      purpose text NOT NULL CHECK (purpose IN ('signup', 'password_reset', 'email_change', 'second_factor')),
      user_id uuid REFERENCES user_account(id) ON DELETE CASCADE,
      email text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX identity_token_expiry ON identity_token (expires_at)`.execute(db);

  // How each Communs session was opened: the OpenID provider reports it (acr, amr, auth_time) to relying parties.
  await sql`
    CREATE TABLE identity_session (
      session_id text PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      acr text NOT NULL,
      amr text[] NOT NULL,
      authenticated_at timestamptz NOT NULL,
      reauthenticated_at timestamptz,
      partner text CHECK (partner IN ('franceconnect', 'proconnect')),
      partner_id_token text
    )`.execute(db);

  await sql`
    CREATE TABLE federation_link (
      partner text NOT NULL CHECK (partner IN ('franceconnect', 'proconnect')),
      idp_id text NOT NULL DEFAULT '',
      subject text NOT NULL,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      linked_at timestamptz NOT NULL,
      last_login_at timestamptz,
      PRIMARY KEY (partner, idp_id, subject)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX federation_link_one_per_partner ON federation_link (user_id, partner)`.execute(db);

  // A login started towards a partner: state and nonce kept on our side, bound to the browser by a cookie.
  await sql`
    CREATE TABLE federation_request (
      state text PRIMARY KEY,
      partner text NOT NULL,
      nonce text NOT NULL,
      browser_binding text NOT NULL,
      intent text NOT NULL CHECK (intent IN ('login', 'link', 'reauthenticate')),
      user_id uuid REFERENCES user_account(id) ON DELETE CASCADE,
      return_path text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE oidc_client (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{2,62}$'),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'active', 'disabled')),
      redirect_uris text[] NOT NULL,
      post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
      backchannel_logout_uri text,
      scopes text[] NOT NULL,
      service_api boolean NOT NULL DEFAULT false,
      sector text NOT NULL,
      secret_ciphertext text,
      secret_created_at timestamptz,
      requested_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      approved_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      approved_at timestamptz,
      CHECK (cardinality(redirect_uris) >= 1)
    )`.execute(db);
  await sql`CREATE INDEX oidc_client_tenant ON oidc_client (tenant_id)`.execute(db);
  await enableTenantRowSecurity(db, 'oidc_client');

  // Consents belong to the citizen (they see and revoke them on their account page), not to a tenant. The consumer
  // is an OpenID client (its id) or one of the platform's own e-services ('service:<name>', prefilling forms).
  await sql`
    CREATE TABLE oidc_consent (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      client_id text NOT NULL,
      consumer_name text NOT NULL,
      subject text NOT NULL,
      scopes text[] NOT NULL,
      attributes text[] NOT NULL,
      refused_attributes text[] NOT NULL DEFAULT '{}',
      wording text NOT NULL,
      granted_at timestamptz NOT NULL,
      revoked_at timestamptz,
      grant_id text,
      -- Orders two decisions recorded at the same instant (an injected clock, a double click): the later one wins.
      recorded_seq bigserial NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX oidc_consent_user_client ON oidc_consent (user_id, client_id, granted_at DESC)`.execute(db);
  await sql`CREATE INDEX oidc_consent_client_subject ON oidc_consent (client_id, subject)`.execute(db);

  // The provider's own artefacts (grants, sessions, codes, tokens, interactions…): one table, one row per artefact.
  await sql`
    CREATE TABLE oidc_payload (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      uid text,
      user_code text,
      account_id text,
      client_id text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    )`.execute(db);
  await sql`CREATE INDEX oidc_payload_grant ON oidc_payload (grant_id) WHERE grant_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payload_uid ON oidc_payload (uid) WHERE uid IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payload_user_code ON oidc_payload (user_code) WHERE user_code IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payload_account ON oidc_payload (account_id) WHERE account_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX oidc_payload_expiry ON oidc_payload (expires_at)`.execute(db);

  await sql`
    CREATE TABLE oidc_signing_key (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      private_jwk_ciphertext text NOT NULL,
      public_jwk jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      activated_at timestamptz,
      retired_at timestamptz
    )`.execute(db);

  // What the deleted-accounts feed may still say about an account once everything else is gone.
  await sql`
    CREATE TABLE identity_tombstone (
      client_id text NOT NULL,
      subject text NOT NULL,
      deleted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (client_id, subject)
    )`.execute(db);
  await sql`CREATE INDEX identity_tombstone_feed ON identity_tombstone (client_id, deleted_at, subject)`.execute(db);
}
