import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { closeTenantEServices } from './catalogue.repo.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';

/** A commune's instance is decommissioned: none of its e-services takes requests any more. */
export async function takeEServicesOffline(trx: TenantTransaction, at: Date): Promise<number> {
  const closed = await closeTenantEServices(trx, at);
  forgetCachedEServices();
  return closed;
}
