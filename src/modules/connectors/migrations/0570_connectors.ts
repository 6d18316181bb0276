import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Connected communes' systems: each Connecté commune's connector (protocol, address, its secret sealed), the
 * deliveries of requests relayed to it (owned by the request's holder, like the request), the status updates its
 * system sends back (keyed by its own update id, so a repeated push is applied once), and the API keys of the
 * clients of our own Open311 server (per commune, only their digest kept) with the requests it took.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE connector_config (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
      protocol text NOT NULL CHECK (protocol IN ('open311', 'webhook')),
      endpoint_url text NOT NULL CHECK (length(endpoint_url) BETWEEN 8 AND 2000),
      service_code text NOT NULL DEFAULT '' CHECK (length(service_code) <= 100),
      jurisdiction_id text NOT NULL DEFAULT '' CHECK (length(jurisdiction_id) <= 100),
      secret_sealed text NOT NULL,
      secret_hint text NOT NULL CHECK (length(secret_hint) <= 8),
      enabled boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_label text NOT NULL
    )`.execute(db);
  await enableTenantRowSecurity(db, 'connector_config');

  await sql`
    CREATE TABLE connector_delivery (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      commune_tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      request_number text NOT NULL,
      protocol text NOT NULL CHECK (protocol IN ('open311', 'webhook')),
      payload jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz,
      last_error text CHECK (length(last_error) <= 300),
      commune_reference text CHECK (length(commune_reference) <= 200),
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      UNIQUE (request_id, commune_tenant_id),
      CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX connector_delivery_commune ON connector_delivery (commune_tenant_id, state)`.execute(db);
  await sql`CREATE INDEX connector_delivery_reference ON connector_delivery (commune_tenant_id, commune_reference)`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'connector_delivery');

  await sql`
    CREATE TABLE connector_update (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      commune_tenant_id uuid NOT NULL REFERENCES tenant(id),
      delivery_id uuid NOT NULL REFERENCES connector_delivery(id),
      update_id text NOT NULL CHECK (length(update_id) BETWEEN 1 AND 200),
      status text NOT NULL CHECK (length(status) <= 100),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
      updated_at_source timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      applied boolean NOT NULL,
      UNIQUE (commune_tenant_id, update_id)
    )`.execute(db);
  await sql`CREATE INDEX connector_update_delivery ON connector_update (delivery_id, updated_at_source)`.execute(db);
  await enableTenantRowSecurity(db, 'connector_update');

  await sql`
    CREATE TABLE open311_client (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      key_digest text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`.execute(db);
  await enableTenantRowSecurity(db, 'open311_client');

  // The requests our Open311 server took, so that its GET answers for them alone: other requests' descriptions and
  // places are not public until moderation and the public map exist.
  await sql`
    CREATE TABLE open311_request (
      request_id uuid PRIMARY KEY REFERENCES request(id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      jurisdiction_tenant_id uuid NOT NULL REFERENCES tenant(id),
      number text NOT NULL UNIQUE,
      service_code text NOT NULL,
      service_name text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX open311_request_jurisdiction ON open311_request (jurisdiction_tenant_id, created_at)`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'open311_request');
}
