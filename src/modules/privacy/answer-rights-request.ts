import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { exportPersonalData, personalDataArchive } from '../identity/index.ts';
import type { AnswerForm } from './rights.ts';
import { RIGHT_LABELS } from './rights.ts';
import { citizenRightsUrl, mailEach } from './rights-mail.ts';
import { findRightsRequest, updateRightsRequest } from './rights.repo.ts';

export type AnswerOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'answered' | 'no-account' };

/**
 * The officer answers. With the export, the requester's whole data export (the account's `/compte/donnees.zip`, every
 * module's part) is made now and kept with the answer, as it was: the requester downloads it from their account,
 * signed in; it never travels by e-mail, and the officer does not open it. The e-mail says an answer is there.
 */
export async function answerRightsRequest(
  services: Services,
  options: { tenant: ResolvedTenant; id: string; form: AnswerForm; actor: AuditActor },
): Promise<AnswerOutcome> {
  const at = services.clock.now();
  const { tenant, form } = options;
  // The export reads every module's part through the database: it is made before the transaction (one connection
  // in embedded mode), then the answer is written only if the request is still unanswered.
  const before = await withTenant(services.db, tenant.id, (trx) => findRightsRequest(trx, options.id));
  if (!before) return { ok: false, reason: 'not-found' };
  if (before.status === 'answered') return { ok: false, reason: 'answered' };
  let archive: { sha256: string; byteSize: number } | null = null;
  if (form.export) {
    const exported = before.user_id ? await exportPersonalData(services, before.user_id) : undefined;
    if (!exported) return { ok: false, reason: 'no-account' };
    archive = await services.files.put(await personalDataArchive(services, exported));
  }
  return withTenant(services.db, tenant.id, async (trx): Promise<AnswerOutcome> => {
    const row = await findRightsRequest(trx, options.id);
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.status === 'answered') return { ok: false, reason: 'answered' };
    const exportFileId = archive
      ? (
          await insertStoredFile(trx, {
            tenantId: tenant.id,
            sha256: archive.sha256,
            byteSize: archive.byteSize,
            mediaType: 'application/zip',
            originalName: `donnees-${row.reference}.zip`,
            createdBy: options.actor.userId,
            at,
          })
        ).id
      : null;
    await updateRightsRequest(trx, row.id, {
      status: 'answered',
      answered_at: at,
      answer: form.reponse,
      export_file_id: exportFileId,
      answered_by_label: `Délégué à la protection des données de ${tenant.name}`,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: tenant.id,
      action: 'privacy.rights.answer',
      target: { type: 'rights_request', id: row.id },
      details: { reference: row.reference, withExport: exportFileId !== null },
      at,
    });
    await mailEach(
      services,
      trx,
      [row.requester_email],
      {
        subject: `Réponse à votre demande ${row.reference}`,
        greeting: `Bonjour ${row.requester_name},`,
        paragraphs: [
          `Le délégué à la protection des données de ${tenant.name} a répondu à votre demande « ${RIGHT_LABELS[row.kind]} ».`,
          exportFileId
            ? 'La réponse et la copie de vos données sont disponibles dans votre compte.'
            : 'La réponse est disponible dans votre compte.',
        ],
        action: { label: 'Lire la réponse', url: citizenRightsUrl(services, tenant, row.id) },
        signature: tenant.name,
      },
      `rights:${row.id}:answered`,
    );
    return { ok: true };
  });
}
