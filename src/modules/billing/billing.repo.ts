import type { Insertable } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type {
  ConnectorCostRow,
  ConnectorCostTable,
  PopulationOverride,
  RevenueOrder,
  RevenueOrderLine,
  RevenueOrderLineTable,
  RevenueOrderTable,
  SyntecIndexRow,
} from './billing.tables.ts';

/**
 * Billing's SQL: Syntec values (platform-wide), and per commune population figures, connectors and orders. A
 * commune's rows are read and written in its scope (the tenant-bound transaction gives the tenant); the operators'
 * views across communes (`…OfYear`, `…AnyCommune`) take any executor.
 */

/** A commune's row as inserted in its scope, which gives its tenant. */
type InScope<Table> = Omit<Insertable<Table>, 'tenant_id'>;

export async function listSyntecIndex(db: Executor): Promise<SyntecIndexRow[]> {
  return db.selectFrom('syntec_index').selectAll().orderBy('month', 'desc').execute();
}

export async function findSyntecIndex(db: Executor, month: string): Promise<SyntecIndexRow | undefined> {
  return db.selectFrom('syntec_index').selectAll().where('month', '=', month).executeTakeFirst();
}

export async function upsertSyntecIndex(
  db: Executor,
  values: { month: string; hundredths: number; publishedOn: string; at: Date; byLabel: string },
): Promise<void> {
  await db
    .insertInto('syntec_index')
    .values({
      month: values.month,
      value_hundredths: values.hundredths,
      published_on: values.publishedOn,
      created_at: values.at,
      created_by_label: values.byLabel,
    })
    .onConflict((oc) =>
      oc.column('month').doUpdateSet({
        value_hundredths: values.hundredths,
        published_on: values.publishedOn,
        created_at: values.at,
        created_by_label: values.byLabel,
      }),
    )
    .execute();
}

export async function listPopulationOverrides(trx: TenantTransaction): Promise<PopulationOverride[]> {
  return trx
    .selectFrom('population_override')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('year', 'desc')
    .execute();
}

export async function upsertPopulationOverride(
  trx: TenantTransaction,
  values: { year: number; population: number; source: string; at: Date; byLabel: string },
): Promise<void> {
  await trx
    .insertInto('population_override')
    .values({
      tenant_id: trx.tenantId,
      year: values.year,
      population: values.population,
      source: values.source,
      created_at: values.at,
      created_by_label: values.byLabel,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'year']).doUpdateSet({
        population: values.population,
        source: values.source,
        created_at: values.at,
        created_by_label: values.byLabel,
      }),
    )
    .execute();
}

export async function listConnectorCosts(trx: TenantTransaction): Promise<ConnectorCostRow[]> {
  return trx
    .selectFrom('connector_cost')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('active_from')
    .execute();
}

export async function insertConnectorCost(
  trx: TenantTransaction,
  values: InScope<ConnectorCostTable>,
): Promise<ConnectorCostRow> {
  return trx
    .insertInto('connector_cost')
    .values({ ...values, tenant_id: trx.tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertOrder(
  trx: TenantTransaction,
  order: InScope<RevenueOrderTable>,
  lines: Array<Omit<InScope<RevenueOrderLineTable>, 'order_id'>>,
): Promise<RevenueOrder> {
  const { tenantId } = trx;
  const inserted = await trx
    .insertInto('revenue_order')
    .values({ ...order, tenant_id: tenantId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('revenue_order_line')
    .values(
      lines.map((line) => ({
        ...line,
        tenant_id: tenantId,
        order_id: inserted.id,
        computation: JSON.stringify(line.computation),
      })),
    )
    .execute();
  return inserted;
}

export async function countOrders(trx: TenantTransaction, year: number): Promise<number> {
  const row = await trx
    .selectFrom('revenue_order')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', trx.tenantId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOrders(trx: TenantTransaction): Promise<RevenueOrder[]> {
  return trx
    .selectFrom('revenue_order')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('year', 'desc')
    .orderBy('number')
    .execute();
}

export async function listOrdersOfYear(db: Executor, year: number): Promise<RevenueOrder[]> {
  return db.selectFrom('revenue_order').selectAll().where('year', '=', year).orderBy('number').execute();
}

export async function findOrder(trx: TenantTransaction, id: string): Promise<RevenueOrder | undefined> {
  return trx
    .selectFrom('revenue_order')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An order by id, whichever commune it belongs to (operators). */
export async function findOrderAnyCommune(db: Executor, id: string): Promise<RevenueOrder | undefined> {
  return db.selectFrom('revenue_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrderLines(trx: TenantTransaction, orderIds: string[]): Promise<RevenueOrderLine[]> {
  if (orderIds.length === 0) return [];
  return trx
    .selectFrom('revenue_order_line')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('order_id', 'in', orderIds)
    .orderBy('service')
    .execute();
}

/** The lines of every order of a year, all communes (operators), in one query. */
export async function listLinesOfOrdersOfYear(db: Executor, year: number): Promise<RevenueOrderLine[]> {
  return db
    .selectFrom('revenue_order_line')
    .selectAll()
    .where('order_id', 'in', (eb) => eb.selectFrom('revenue_order').select('id').where('year', '=', year))
    .orderBy('service')
    .execute();
}

export async function listLinesOfYear(db: Executor, year: number): Promise<RevenueOrderLine[]> {
  return db.selectFrom('revenue_order_line').selectAll().where('year', '=', year).execute();
}

export async function listContributionLines(trx: TenantTransaction): Promise<RevenueOrderLine[]> {
  return trx
    .selectFrom('revenue_order_line')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('line_kind', '=', 'contribution')
    .orderBy('year')
    .execute();
}

export async function setOrderPaid(trx: TenantTransaction, id: string, paidOn: string): Promise<void> {
  await trx
    .updateTable('revenue_order')
    .set({ paid_on: paidOn })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}
