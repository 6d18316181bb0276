import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { ConnectorDeliveryRow } from './connectors.tables.ts';

/** The delivery a commune's reference names (read across holders: the commune's system knows only its reference). */
export async function findDeliveryByReference(
  db: Executor,
  communeTenantId: string,
  reference: string,
): Promise<ConnectorDeliveryRow | undefined> {
  return db
    .selectFrom('connector_delivery')
    .selectAll()
    .where('commune_tenant_id', '=', communeTenantId)
    .where('commune_reference', '=', reference)
    .executeTakeFirst();
}

/** Keeps an update once per update id; the id of the row, or null when that update id was already kept. */
export async function insertUpdate(
  trx: TenantTransaction,
  values: {
    communeTenantId: string;
    deliveryId: string;
    updateId: string;
    status: string;
    description: string;
    at: Date;
    receivedAt: Date;
  },
): Promise<string | null> {
  const row = await trx
    .insertInto('connector_update')
    .values({
      tenant_id: trx.tenantId,
      commune_tenant_id: values.communeTenantId,
      delivery_id: values.deliveryId,
      update_id: values.updateId,
      status: values.status,
      description: values.description,
      updated_at_source: values.at,
      received_at: values.receivedAt,
      applied: false,
    })
    .onConflict((oc) => oc.columns(['commune_tenant_id', 'update_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** When the latest update applied to a delivery happened at the commune. */
export async function latestAppliedUpdate(trx: TenantTransaction, deliveryId: string): Promise<Date | undefined> {
  const row = await trx
    .selectFrom('connector_update')
    .select((eb) => eb.fn.max('updated_at_source').as('latest'))
    .where('tenant_id', '=', trx.tenantId)
    .where('delivery_id', '=', deliveryId)
    .where('applied', '=', true)
    .executeTakeFirst();
  return row?.latest ? new Date(row.latest) : undefined;
}

export async function markUpdateApplied(trx: TenantTransaction, id: string): Promise<void> {
  await trx
    .updateTable('connector_update')
    .set({ applied: true })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}
