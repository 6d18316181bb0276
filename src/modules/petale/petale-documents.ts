import { addMonthsToInstant } from '../../platform/paris-time.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { checkUpload, storeUpload, type Upload } from '../../platform/files/checked-upload.ts';
import { IMAGE_TYPES } from '../../platform/files/file-store.ts';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import type { Services } from '../../platform/services.ts';
import { z } from 'zod';
import type { PetaleSetting } from './petale-setting.ts';
import {
  currentConsent,
  deleteDocuments,
  findDocument,
  insertDocument,
  listExpiredDocumentIds,
} from './petale.repo.ts';

/** What a commune's requests ask for: scans and photos of papers, PDF; 5 MB each, recognised by their bytes. */
export const PETALE_FILE_TYPES = [...IMAGE_TYPES, { mediaType: 'application/pdf', label: 'PDF' }];
export const MAX_PETALE_FILE_BYTES = 5 * 1024 * 1024;

/** The end of a document's keeping time: the same day `months` later (the month's last day when it is shorter). */
export function expiryOf(at: Date, months: number): Date {
  return addMonthsToInstant(at, months);
}

/** Adds a document to the citizen's space (their consent to the text in force first), kept for the set months. */
export async function addPetaleDocument(
  services: Services,
  options: { setting: PetaleSetting; userId: string; label: string; upload: Upload | undefined; actor: AuditActor },
): Promise<{ ok: true } | { ok: false; field: 'file' | 'label'; error: string }> {
  const { setting, upload } = options;
  if (!upload) return { ok: false, field: 'file', error: 'Choisissez le document à déposer.' };
  const checked = await checkUpload(upload, PETALE_FILE_TYPES, MAX_PETALE_FILE_BYTES);
  if (!checked.ok) return { ok: false, field: 'file', error: checked.error };
  const now = services.clock.now();
  return withTenant(services.db, setting.commune.id, async (trx) => {
    const consent = await currentConsent(trx, options.userId);
    if (consent?.consent_version !== setting.consentVersion)
      return { ok: false as const, field: 'file' as const, error: 'Acceptez d’abord les conditions de l’espace.' };
    const file = await storeUpload(services, trx, {
      tenantId: trx.tenantId,
      upload,
      type: checked.type,
      createdBy: options.userId,
    });
    const document = await insertDocument(trx, {
      user_id: options.userId,
      label: options.label,
      file_id: file.id,
      created_at: now,
      expires_at: expiryOf(now, setting.retentionMonths),
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'petale.document-added',
      target: { type: 'petale_document', id: document.id },
      at: now,
    });
    return { ok: true as const };
  });
}

/** The citizen erases one of their documents; another's is not found. */
export async function removePetaleDocument(
  services: Services,
  options: { setting: PetaleSetting; userId: string; documentId: string; actor: AuditActor },
): Promise<boolean> {
  const now = services.clock.now();
  return withTenant(services.db, options.setting.commune.id, async (trx) => {
    const document = await findDocument(trx, options.userId, options.documentId);
    if (!document) return false;
    await deleteDocuments(trx, [document.id]);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'petale.document-erased',
      target: { type: 'petale_document', id: document.id },
      at: now,
    });
    return true;
  });
}

/** Erases every document whose keeping time has run out, in one transaction. */
export async function sweepExpiredDocuments(services: Services): Promise<number> {
  return services.db
    .transaction()
    .execute(async (trx) => deleteDocuments(trx, await listExpiredDocumentIds(trx, services.clock.now())));
}

/** Every hour: the retention of the pétale space. */
export const petaleRetentionJob = defineRecurringJob({
  name: 'petale.retention',
  everyMinutes: 60,
  schema: z.object({ slot: z.string() }),
  handler: async (_payload, { services }) => {
    await sweepExpiredDocuments(services);
  },
});
