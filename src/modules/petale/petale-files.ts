import type { PersonalFileSource } from '../../platform/app-module/app-module.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { loadSpace } from './petale-consent.ts';
import { petaleSetting } from './petale-setting.ts';
import { findDocument } from './petale.repo.ts';

/** The space's setting when a draft of this tenant may use it: the pétale's commune only. */
async function settingFor(services: Services, tenantId: string) {
  const setting = await petaleSetting(services);
  return setting && setting.commune.id === tenantId ? setting : undefined;
}

/**
 * What the pétale gives a form's file field (G9): on its commune's forms only, the citizen's documents under the
 * consent in force; the one chosen is read for the request, which stores its own copy (the pétale keeps its own,
 * under its own keeping time).
 */
export const petaleFiles: PersonalFileSource = {
  async list(services, { tenantId, userId }) {
    const setting = await settingFor(services, tenantId);
    if (!setting) return [];
    const space = await loadSpace(services, setting, userId);
    return space.consented ? space.documents.map((d) => ({ id: d.id, label: `${d.label} (${d.original_name})` })) : [];
  },
  async read(services, { tenantId, userId, id }) {
    const setting = await settingFor(services, tenantId);
    if (!setting) return undefined;
    const document = await withTenant(services.db, setting.commune.id, (trx) => findDocument(trx, userId, id));
    const bytes = document ? await services.files.get(document.sha256) : undefined;
    return document && bytes ? { filename: document.original_name, bytes } : undefined;
  },
};
