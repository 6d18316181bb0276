import type { Services } from '../../platform/services.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { listLinesOfOrdersOfYear, listOrdersOfYear } from './billing.repo.ts';
import type { YearOrder } from './views/billing-pages.tsx';

/** Every commune's orders of a year with their lines, by commune name then number (operators). */
export async function loadYearOrders(services: Services, year: number): Promise<YearOrder[]> {
  const [orders, lines, tenantList] = await Promise.all([
    listOrdersOfYear(services.db, year),
    listLinesOfOrdersOfYear(services.db, year),
    services.tenants.all(),
  ]);
  const tenants = new Map(tenantList.map((t) => [t.id, t]));
  const linesByOrder = Map.groupBy(lines, (l) => l.order_id);
  const result: YearOrder[] = [];
  for (const order of orders) {
    const tenant = tenants.get(order.tenant_id);
    if (!tenant) continue;
    result.push({
      ...order,
      commune: { name: tenant.name, slug: tenant.slug, inseeCode: tenant.insee_code },
      lines: linesByOrder.get(order.id) ?? [],
    });
  }
  return result.sort((a, b) => compareFrench(a.commune.name, b.commune.name) || a.number.localeCompare(b.number));
}
