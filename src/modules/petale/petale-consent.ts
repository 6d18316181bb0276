import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { PetaleSetting } from './petale-setting.ts';
import {
  currentConsent,
  deleteDocuments,
  insertConsent,
  listDocumentIdsOf,
  listDocuments,
  withdrawConsent,
} from './petale.repo.ts';

/** A citizen's space as their page shows it: whether they consented to the text in force, and their documents. */
export async function loadSpace(services: Services, setting: PetaleSetting, userId: string) {
  return withTenant(services.db, setting.commune.id, async (trx) => {
    const consent = await currentConsent(trx, userId);
    return {
      consented: consent?.consent_version === setting.consentVersion,
      earlierConsent: !!consent && consent.consent_version !== setting.consentVersion,
      documents: await listDocuments(trx, trx.tenantId, userId),
    };
  });
}

/** The citizen accepts the consent text in force (replacing an earlier version's). */
export async function acceptConsent(
  services: Services,
  options: { setting: PetaleSetting; userId: string; actor: AuditActor },
): Promise<void> {
  const now = services.clock.now();
  const { setting } = options;
  await withTenant(services.db, setting.commune.id, async (trx) => {
    await withdrawConsent(trx, options.userId, now);
    await insertConsent(trx, {
      userId: options.userId,
      version: setting.consentVersion,
      text: setting.consentText,
      at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'petale.consent-given',
      details: { version: setting.consentVersion },
      at: now,
    });
  });
}

/** The citizen withdraws their consent: every document of their space is erased with it, at once. */
export async function withdrawPetaleConsent(
  services: Services,
  options: { setting: PetaleSetting; userId: string; actor: AuditActor },
): Promise<number> {
  const now = services.clock.now();
  return withTenant(services.db, options.setting.commune.id, async (trx) => {
    const erased = await deleteDocuments(trx, await listDocumentIdsOf(trx, options.userId));
    await withdrawConsent(trx, options.userId, now);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'petale.consent-withdrawn',
      details: { erased },
      at: now,
    });
    return erased;
  });
}
