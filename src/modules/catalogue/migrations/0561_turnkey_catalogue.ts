import { type Kysely, sql } from 'kysely';

/**
 * The Abonné offer's turnkey catalogue: a metropolis e-service marked as a model, and each commune's instance of it,
 * which points at its model (one instance per commune and model). The instance's form and workflow versions are
 * copies in the commune's own tenant, so row-level security keeps reading them inside its scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE eservice ADD COLUMN turnkey boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE eservice ADD COLUMN model_eservice_id uuid REFERENCES eservice(id)`.execute(db);
  await sql`ALTER TABLE eservice ADD CONSTRAINT eservice_one_instance_per_model UNIQUE (tenant_id, model_eservice_id)`.execute(
    db,
  );
  await sql`ALTER TABLE eservice ADD CONSTRAINT eservice_model_not_instance CHECK (NOT (turnkey AND model_eservice_id IS NOT NULL))`.execute(
    db,
  );
  await sql`CREATE INDEX eservice_instances ON eservice (model_eservice_id) WHERE model_eservice_id IS NOT NULL`.execute(
    db,
  );
}
