import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { checkUpload, storeUpload, type Upload } from '../../platform/files/checked-upload.ts';
import type { Services } from '../../platform/services.ts';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from './incident-files.ts';
import { insertIncidentEvent } from './incidents.repo.ts';
import type { IncidentRow } from './incidents.tables.ts';

/**
 * Adds a piece of evidence to a report (the reporter or the operators, until it is closed): checked by its bytes,
 * stored by its hash, written in the history with its fingerprint, never replaced nor deleted.
 */
export async function addEvidence(
  services: Services,
  options: {
    incident: IncidentRow;
    upload: Upload | undefined;
    note: string;
    author: { userId: string; label: string };
    side: 'commune' | 'metropole';
    actor: AuditActor;
  },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const { incident, upload } = options;
  if (incident.status === 'clos') return { ok: false, error: 'Ce signalement est clos : il ne reçoit plus de pièce.' };
  if (!upload) return { ok: false, error: 'Choisissez le fichier à joindre.' };
  const checked = await checkUpload(upload, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES);
  if (!checked.ok) return checked;
  const now = services.clock.now();
  await withTenant(services.db, incident.tenant_id, async (trx) => {
    const file = await storeUpload(services, trx, {
      tenantId: incident.tenant_id,
      upload,
      type: checked.type,
      createdBy: options.author.userId,
    });
    await insertIncidentEvent(trx, {
      tenant_id: incident.tenant_id,
      incident_id: incident.id,
      kind: 'piece',
      body: options.note,
      file_id: file.id,
      actor_label: options.author.label,
      side: options.side,
      at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: incident.tenant_id,
      action: 'incident.evidence-added',
      target: { type: 'incident_report', id: incident.id },
      details: { sha256: file.sha256, name: file.original_name },
      at: now,
    });
  });
  return { ok: true };
}
