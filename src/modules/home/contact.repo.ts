import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { HomeContactRow } from './home.tables.ts';

export type ContactInput = Pick<HomeContactRow, 'address' | 'phone' | 'email' | 'opening_hours'>;

export async function findContact(trx: TenantTransaction): Promise<HomeContactRow | undefined> {
  return trx.selectFrom('home_contact').selectAll().where('tenant_id', '=', trx.tenantId).executeTakeFirst();
}

export async function saveContact(trx: TenantTransaction, contact: ContactInput, at: Date): Promise<void> {
  await trx
    .insertInto('home_contact')
    .values({ tenant_id: trx.tenantId, ...contact, updated_at: at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...contact, updated_at: at }))
    .execute();
}
