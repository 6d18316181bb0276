import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Billing (convention-cadre art. 10): Syntec index values as operators enter them, population figures an operator
 * sets for a year, connector maintenance costs (annexe Toodego §10.2.1), and the yearly revenue orders with their
 * lines and the computation of each. Amounts are integer euro cents.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Published by the Fédération Syntec for the whole country: platform data, not a commune's.
  await sql`
    CREATE TABLE syntec_index (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      month text NOT NULL UNIQUE CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      value_hundredths integer NOT NULL CHECK (value_hundredths > 0),
      published_on date NOT NULL,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE population_override (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      population integer NOT NULL CHECK (population >= 0),
      source text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      UNIQUE (tenant_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE connector_cost (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      label text NOT NULL,
      annual_cents integer NOT NULL CHECK (annual_cents >= 0),
      price_year integer NOT NULL CHECK (price_year BETWEEN 2000 AND 2100),
      active_from date NOT NULL,
      active_until date,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      CHECK (active_until IS NULL OR active_until >= active_from)
    )`.execute(db);
  await sql`CREATE INDEX connector_cost_tenant ON connector_cost (tenant_id)`.execute(db);

  await sql`
    CREATE TABLE revenue_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      year integer NOT NULL,
      number text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('annual', 'complementary', 'refund')),
      issued_on date NOT NULL,
      total_cents integer NOT NULL,
      schedule_id text NOT NULL,
      paid_on date,
      created_at timestamptz NOT NULL,
      CHECK ((kind = 'refund') = (total_cents < 0) OR total_cents = 0)
    )`.execute(db);
  await sql`CREATE INDEX revenue_order_year ON revenue_order (year, tenant_id)`.execute(db);

  await sql`
    CREATE TABLE revenue_order_line (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      order_id uuid NOT NULL REFERENCES revenue_order(id),
      year integer NOT NULL,
      service text NOT NULL CHECK (service IN ('toodego', 'laclasse', 'opendata', 'geonet')),
      offer text NOT NULL,
      line_kind text NOT NULL CHECK (line_kind IN ('contribution', 'refund')),
      amount_cents integer NOT NULL,
      full_year_cents integer NOT NULL,
      converging boolean NOT NULL,
      billed_from date NOT NULL,
      billed_to date NOT NULL,
      computation jsonb NOT NULL,
      -- One contribution per commune, service and year, whichever order carries it: the June job never bills twice.
      UNIQUE (tenant_id, year, service, line_kind)
    )`.execute(db);
  await sql`CREATE INDEX revenue_order_line_order ON revenue_order_line (order_id)`.execute(db);

  for (const table of ['population_override', 'connector_cost', 'revenue_order', 'revenue_order_line']) {
    await enableTenantRowSecurity(db, table);
  }
}
