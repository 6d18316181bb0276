import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type {
  ConnectorConfigRow,
  ConnectorDeliveryRow,
  ConnectorProtocol,
  DeliveryPayload,
  DeliveryState,
} from './connectors.tables.ts';

/** A commune's connector, in its own scope (its administration page). */
export async function findOwnConnector(trx: TenantTransaction): Promise<ConnectorConfigRow | undefined> {
  return trx.selectFrom('connector_config').selectAll().where('tenant_id', '=', trx.tenantId).executeTakeFirst();
}

/** A commune's connector read by the platform (the delivery job), outside any tenant scope. */
export async function findConnector(db: Executor, communeTenantId: string): Promise<ConnectorConfigRow | undefined> {
  return db.selectFrom('connector_config').selectAll().where('tenant_id', '=', communeTenantId).executeTakeFirst();
}

export async function saveConnector(
  trx: TenantTransaction,
  values: {
    protocol: ConnectorProtocol;
    endpointUrl: string;
    serviceCode: string;
    jurisdictionId: string;
    enabled: boolean;
    pollEnabled: boolean;
    /** Null keeps the secret in force. */
    secret: { sealed: string; hint: string } | null;
    at: Date;
    by: string;
  },
): Promise<void> {
  const common = {
    protocol: values.protocol,
    endpoint_url: values.endpointUrl,
    service_code: values.serviceCode,
    jurisdiction_id: values.jurisdictionId,
    enabled: values.enabled,
    poll_enabled: values.pollEnabled,
    updated_at: values.at,
    updated_by_label: values.by,
  };
  if (!values.secret) {
    await trx.updateTable('connector_config').set(common).where('tenant_id', '=', trx.tenantId).execute();
    return;
  }
  const secret = { secret_sealed: values.secret.sealed, secret_hint: values.secret.hint };
  await trx
    .insertInto('connector_config')
    .values({ tenant_id: trx.tenantId, ...common, ...secret })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...common, ...secret }))
    .execute();
}

/** The connectors the platform polls: enabled, Open311, polling on (read across communes by the recurring job). */
export async function listPolledConnectors(db: Executor): Promise<ConnectorConfigRow[]> {
  return db
    .selectFrom('connector_config')
    .selectAll()
    .where('enabled', '=', true)
    .where('poll_enabled', '=', true)
    .where('protocol', '=', 'open311')
    .orderBy('tenant_id')
    .execute();
}

/** One poll's outcome: a success moves the starting point and clears the error; a failure keeps both as they were. */
export async function recordPoll(
  db: Executor,
  communeTenantId: string,
  outcome: { ok: true; startedAt: Date } | { ok: false; error: string; at: Date },
): Promise<void> {
  await db
    .updateTable('connector_config')
    .set(
      outcome.ok
        ? { last_polled_at: outcome.startedAt, last_poll_error: null, last_poll_failed_at: null }
        : { last_poll_error: outcome.error.slice(0, 300), last_poll_failed_at: outcome.at },
    )
    .where('tenant_id', '=', communeTenantId)
    .execute();
}

/** The delivery of a request to a commune, created once whatever the number of runs (at least once). */
export async function ensureDelivery(
  trx: TenantTransaction,
  values: {
    communeTenantId: string;
    requestId: string;
    protocol: ConnectorProtocol;
    payload: Omit<DeliveryPayload, 'eventId'>;
    at: Date;
  },
): Promise<ConnectorDeliveryRow> {
  const id = crypto.randomUUID();
  await trx
    .insertInto('connector_delivery')
    .values({
      id,
      tenant_id: trx.tenantId,
      commune_tenant_id: values.communeTenantId,
      request_id: values.requestId,
      request_number: values.payload.number,
      protocol: values.protocol,
      // The delivery's id is the event id the receiver de-duplicates on.
      payload: JSON.stringify({ ...values.payload, eventId: id }),
      state: 'pending',
      created_at: values.at,
    })
    .onConflict((oc) => oc.columns(['request_id', 'commune_tenant_id']).doNothing())
    .execute();
  return trx
    .selectFrom('connector_delivery')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('request_id', '=', values.requestId)
    .where('commune_tenant_id', '=', values.communeTenantId)
    .executeTakeFirstOrThrow();
}

/** One attempt's outcome. */
export async function recordAttempt(
  trx: TenantTransaction,
  id: string,
  outcome: {
    state: DeliveryState;
    attempts: number;
    nextAttemptAt: Date | null;
    error: string | null;
    reference: string | null;
    at: Date;
  },
): Promise<void> {
  await trx
    .updateTable('connector_delivery')
    .set({
      state: outcome.state,
      attempts: outcome.attempts,
      next_attempt_at: outcome.nextAttemptAt,
      last_error: outcome.error,
      commune_reference: outcome.reference,
      delivered_at: outcome.state === 'delivered' ? outcome.at : null,
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export async function findDelivery(trx: TenantTransaction, id: string): Promise<ConnectorDeliveryRow | undefined> {
  return trx
    .selectFrom('connector_delivery')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A commune's recent deliveries, across holders (the platform reads them for the commune's page). */
export async function listCommuneDeliveries(
  db: Executor,
  communeTenantId: string,
  limit: number,
): Promise<ConnectorDeliveryRow[]> {
  return db
    .selectFrom('connector_delivery')
    .selectAll()
    .where('commune_tenant_id', '=', communeTenantId)
    .orderBy('created_at', 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(limit)
    .execute();
}
