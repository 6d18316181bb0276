import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { SpaceMember } from '../members.repo.ts';
import type { School } from '../school.tables.ts';
import { type DocumentSpace, documentRights, fitsQuota } from './document-rights.ts';
import { deleteDocument, findDocument, insertDocument, lockedUsage } from './documents.repo.ts';

/** Puts a checked file in a space the member may write to, if it fits the space's quota. */
export async function storeDocument(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    member: SpaceMember;
    space: DocumentSpace;
    file: { name: string; mediaType: string; bytes: Buffer };
  },
): Promise<{ ok: true; id: string } | { ok: false; reason: 'refused' | 'quota'; usedBytes: number }> {
  const rights = documentRights(options.member, options.space);
  if (!rights.write) return { ok: false, reason: 'refused', usedBytes: 0 };
  const owner = { schoolId: options.school.id, space: options.space, personId: options.member.personId };
  const size = options.file.bytes.byteLength;
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const used = await lockedUsage(trx, owner);
    if (!fitsQuota(used, size, rights.quotaBytes)) return { ok: false, reason: 'quota', usedBytes: used };
    const stored = await services.files.put(options.file.bytes);
    const id = await insertDocument(trx, owner, {
      name: options.file.name,
      mediaType: options.file.mediaType,
      byteSize: stored.byteSize,
      sha256: stored.sha256,
      at: services.clock.now(),
    });
    return { ok: true, id };
  });
}

/** Removes a document: its uploader, or whoever may remove any document of the space; audited. */
export async function removeDocument(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    member: SpaceMember;
    space: DocumentSpace;
    documentId: string;
    actor: AuditActor;
  },
): Promise<boolean> {
  const rights = documentRights(options.member, options.space);
  const owner = { schoolId: options.school.id, space: options.space, personId: options.member.personId };
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const document = rights.read ? await findDocument(trx, owner, options.documentId) : undefined;
    if (!document || (!rights.deleteAny && document.uploaded_by !== options.member.personId)) return false;
    await deleteDocument(trx, document.id);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.document_removed',
      target: { type: 'school_document', id: document.id },
      details: { name: document.name },
      at,
    });
    return true;
  });
}
