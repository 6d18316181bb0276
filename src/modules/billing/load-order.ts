import { withTenant } from '../../platform/db/tenant-scope.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import type { Services } from '../../platform/services.ts';
import { findOrder, listOrderLines } from './billing.repo.ts';
import type { RevenueOrder, RevenueOrderLine } from './billing.tables.ts';

/** One of a commune's orders with its lines, in the commune's scope; undefined when the id names none of them. */
export async function loadOrder(
  services: Services,
  tenantId: string,
  id: string,
): Promise<{ order: RevenueOrder; lines: RevenueOrderLine[] } | undefined> {
  if (!isUuid(id)) return undefined;
  return withTenant(services.db, tenantId, async (trx) => {
    const order = await findOrder(trx, id);
    if (!order) return undefined;
    return { order, lines: await listOrderLines(trx, [order.id]) };
  });
}
