import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findSetting } from './petale.repo.ts';

/** The commune that has the pétale space until an operator chooses another (G9: the City of Lyon). */
export const DEFAULT_PETALE_SLUG = 'lyon';
export const DEFAULT_RETENTION_MONTHS = 12;
export const DEFAULT_CONSENT_TEXT =
  'J’accepte que la commune conserve dans mon espace pétale les documents que j’y dépose, pour instruire mes ' +
  'démarches auprès d’elle seulement. Ils ne sont visibles que de moi : ni les agents, ni une autre commune, ni la ' +
  'Métropole ne les voient. Chaque document est effacé à la fin de sa durée de conservation, et tous le sont si je ' +
  'retire mon consentement.';

export type PetaleSetting = {
  commune: ResolvedTenant;
  consentText: string;
  consentVersion: number;
  retentionMonths: number;
};

/**
 * The pétale's setting: the operators' choice when they made one, else Lyon with the default text and 12 months;
 * undefined when neither commune exists (no space anywhere).
 */
export async function petaleSetting(services: Services): Promise<PetaleSetting | undefined> {
  const row = await findSetting(services.db);
  const commune = row ? await services.tenants.byId(row.tenant_id) : await services.tenants.bySlug(DEFAULT_PETALE_SLUG);
  if (!commune || commune.kind !== 'commune' || commune.isTestInstance) return undefined;
  return {
    commune,
    consentText: row?.consent_text ?? DEFAULT_CONSENT_TEXT,
    consentVersion: row?.consent_version ?? 1,
    retentionMonths: row?.retention_months ?? DEFAULT_RETENTION_MONTHS,
  };
}
