import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
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

/** Billing's SQL: Syntec values (platform-wide), and per commune population figures, connectors and orders. */

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

export async function listPopulationOverrides(db: Executor, tenantId: string): Promise<PopulationOverride[]> {
  return db
    .selectFrom('population_override')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('year', 'desc')
    .execute();
}

export async function upsertPopulationOverride(
  db: Executor,
  values: { tenantId: string; year: number; population: number; source: string; at: Date; byLabel: string },
): Promise<void> {
  await db
    .insertInto('population_override')
    .values({
      tenant_id: values.tenantId,
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

export async function listConnectorCosts(db: Executor, tenantId: string): Promise<ConnectorCostRow[]> {
  return db.selectFrom('connector_cost').selectAll().where('tenant_id', '=', tenantId).orderBy('active_from').execute();
}

export async function insertConnectorCost(
  db: Executor,
  values: Insertable<ConnectorCostTable>,
): Promise<ConnectorCostRow> {
  return db.insertInto('connector_cost').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertOrder(
  db: Executor,
  order: Insertable<RevenueOrderTable>,
  lines: Array<Omit<Insertable<RevenueOrderLineTable>, 'order_id'>>,
): Promise<RevenueOrder> {
  const inserted = await db.insertInto('revenue_order').values(order).returningAll().executeTakeFirstOrThrow();
  await db
    .insertInto('revenue_order_line')
    .values(lines.map((line) => ({ ...line, order_id: inserted.id, computation: JSON.stringify(line.computation) })))
    .execute();
  return inserted;
}

export async function countOrders(db: Executor, tenantId: string, year: number): Promise<number> {
  const row = await db
    .selectFrom('revenue_order')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOrders(db: Executor, tenantId: string): Promise<RevenueOrder[]> {
  return db
    .selectFrom('revenue_order')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('year', 'desc')
    .orderBy('number')
    .execute();
}

export async function listOrdersOfYear(db: Executor, year: number): Promise<RevenueOrder[]> {
  return db.selectFrom('revenue_order').selectAll().where('year', '=', year).orderBy('number').execute();
}

export async function findOrder(db: Executor, tenantId: string, id: string): Promise<RevenueOrder | undefined> {
  return db
    .selectFrom('revenue_order')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An order by id, whichever commune it belongs to (operators). */
export async function findOrderAnyCommune(db: Executor, id: string): Promise<RevenueOrder | undefined> {
  return db.selectFrom('revenue_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrderLines(db: Executor, tenantId: string, orderIds: string[]): Promise<RevenueOrderLine[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('revenue_order_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
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

export async function listContributionLines(db: Executor, tenantId: string): Promise<RevenueOrderLine[]> {
  return db
    .selectFrom('revenue_order_line')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('line_kind', '=', 'contribution')
    .orderBy('year')
    .execute();
}

export async function setOrderPaid(db: Executor, tenantId: string, id: string, paidOn: string): Promise<void> {
  await db
    .updateTable('revenue_order')
    .set({ paid_on: paidOn })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
