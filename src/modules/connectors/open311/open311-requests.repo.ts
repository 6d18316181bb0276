import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';

export type Open311RequestRow = {
  request_id: string;
  tenant_id: string;
  number: string;
  service_code: string;
  service_name: string;
  created_at: Date;
};

/** Notes a request the server took, in its holder's scope. */
export async function recordOpen311Request(
  trx: TenantTransaction,
  values: {
    requestId: string;
    jurisdictionTenantId: string;
    number: string;
    serviceCode: string;
    serviceName: string;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('open311_request')
    .values({
      request_id: values.requestId,
      tenant_id: trx.tenantId,
      jurisdiction_tenant_id: values.jurisdictionTenantId,
      number: values.number,
      service_code: values.serviceCode,
      service_name: values.serviceName,
      created_at: values.at,
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute();
}

/** The requests taken in a jurisdiction (read across holders: the jurisdiction is the question), newest first. */
export async function listOpen311Requests(
  db: Executor,
  filters: {
    jurisdictionTenantId: string;
    numbers?: string[] | undefined;
    serviceCode?: string | undefined;
    from: Date;
    to: Date;
    limit: number;
  },
): Promise<Open311RequestRow[]> {
  let query = db
    .selectFrom('open311_request')
    .select(['request_id', 'tenant_id', 'number', 'service_code', 'service_name', 'created_at'])
    .where('jurisdiction_tenant_id', '=', filters.jurisdictionTenantId);
  if (filters.numbers) query = query.where('number', 'in', filters.numbers);
  else {
    query = query.where('created_at', '>=', filters.from).where('created_at', '<=', filters.to);
    if (filters.serviceCode) query = query.where('service_code', '=', filters.serviceCode);
  }
  return query.orderBy('created_at', 'desc').limit(filters.limit).execute();
}
