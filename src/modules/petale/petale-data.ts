import type { PersonalDataPart } from '../../platform/app-module/app-module.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { petaleSetting } from './petale-setting.ts';
import { currentConsent, listDocuments } from './petale.repo.ts';

/** The person's pétale space in their data export: their consent and documents, the files under fichiers/petale/. */
export async function exportPetaleData(services: Services, userId: string): Promise<PersonalDataPart> {
  const setting = await petaleSetting(services);
  if (!setting) return { data: {}, files: [] };
  return withTenant(services.db, setting.commune.id, async (trx) => {
    const consent = await currentConsent(trx, userId);
    const documents = await listDocuments(trx, trx.tenantId, userId);
    if (!consent && documents.length === 0) return { data: {}, files: [] };
    const files = documents.map((d) => ({ path: `fichiers/petale/${d.id}/${d.original_name}`, sha256: d.sha256 }));
    return {
      data: {
        petale: {
          commune: setting.commune.name,
          consent: consent
            ? { version: consent.consent_version, text: consent.consent_text, acceptedAt: consent.accepted_at }
            : null,
          documents: documents.map((d, i) => ({
            label: d.label,
            depositedAt: d.created_at,
            erasedAt: d.expires_at,
            file: files[i]?.path,
          })),
        },
      },
      files,
    };
  });
}
