import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { PetaleSetting } from './petale-setting.ts';
import { saveSetting } from './petale.repo.ts';

/**
 * The operators choose the pétale's commune, its consent text and keeping time. A new text is a new version: each
 * citizen accepts it before depositing again. Moving the space to another commune starts it empty there; the first
 * commune's documents stay in its tenant until their keeping time ends (nothing crosses tenants).
 */
export async function configurePetale(
  services: Services,
  options: {
    current: PetaleSetting | undefined;
    commune: ResolvedTenant;
    consentText: string;
    retentionMonths: number;
    actor: AuditActor;
  },
): Promise<void> {
  const now = services.clock.now();
  const { current } = options;
  const version =
    !current || current.consentText !== options.consentText
      ? (current?.consentVersion ?? 0) + 1
      : current.consentVersion;
  await services.db.transaction().execute(async (trx) => {
    await saveSetting(trx, {
      tenant_id: options.commune.id,
      consent_text: options.consentText,
      consent_version: version,
      retention_months: options.retentionMonths,
      updated_at: now,
      updated_by_label: options.actor.label,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.commune.id,
      action: 'petale.configured',
      details: { version, retentionMonths: options.retentionMonths },
      at: now,
    });
  });
}
