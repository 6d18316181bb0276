import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { RetentionRuleRow } from './privacy.tables.ts';

/** The retention rules of the instance in scope: its default (`eservice_id` null) and one per e-service at most. */

export async function listRetentionRules(trx: TenantTransaction): Promise<RetentionRuleRow[]> {
  return trx.selectFrom('retention_rule').selectAll().where('tenant_id', '=', trx.tenantId).execute();
}

export async function saveRetentionRule(
  trx: TenantTransaction,
  rule: {
    eserviceId: string | null;
    anonymiseAfterMonths: number | null;
    purgeFilesAfterMonths: number | null;
    active: boolean;
    label: string;
    at: Date;
  },
): Promise<void> {
  const values = {
    anonymise_after_months: rule.anonymiseAfterMonths,
    purge_files_after_months: rule.purgeFilesAfterMonths,
    active: rule.active,
    updated_at: rule.at,
    updated_by_label: rule.label,
  };
  let existing = trx.selectFrom('retention_rule').select('id').where('tenant_id', '=', trx.tenantId);
  existing =
    rule.eserviceId === null
      ? existing.where('eservice_id', 'is', null)
      : existing.where('eservice_id', '=', rule.eserviceId);
  const found = await existing.forUpdate().executeTakeFirst();
  if (found) await trx.updateTable('retention_rule').set(values).where('id', '=', found.id).execute();
  else
    await trx
      .insertInto('retention_rule')
      .values({ ...values, tenant_id: trx.tenantId, eservice_id: rule.eserviceId })
      .execute();
}

/** Tenants that have at least one rule: the daily job visits only those (platform work, across tenants). */
export async function listTenantsWithRules(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('retention_rule').select('tenant_id').distinct().execute();
  return rows.map((r) => r.tenant_id);
}
