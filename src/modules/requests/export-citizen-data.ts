import type { PersonalDataPart } from '../../platform/app-module/app-module.ts';
import { findStoredFiles } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import { findEServicesByIds } from '../catalogue/index.ts';
import { type Answers, fieldLabels, isFileAnswer, loadFormVersion } from '../forms/index.ts';
import { listOpenDraftsOfCitizen } from './drafts.repo.ts';
import { buildRequestView } from './request-view.ts';
import { listRequestsOfCitizen } from './requests.repo.ts';

/** A file's place in the archive: its folder, then a number keeping two files of the same name apart. */
function archivePath(folder: string, index: number, name: string): string {
  // The name is the citizen's own, as they uploaded it; only what would leave the folder or confuse an unzip goes.
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_') || 'fichier';
  return `${folder}/${String(index + 1).padStart(2, '0')}-${safe}`;
}

/** Each answer with its question, in the form's order; a file answer points at the file in the archive. */
function answersWithLabels(
  labels: Record<string, string>,
  answers: Answers,
  fileOf: (fileId: string) => string | undefined,
): Array<{ field: string; question: string; value: unknown }> {
  return Object.entries(answers).map(([field, value]) => ({
    field,
    question: labels[field] ?? field,
    value: isFileAnswer(value) ? { ...value, file: fileOf(value.fileId) ?? null } : value,
  }));
}

/**
 * The citizen's requests and drafts for their data export: everything they see of each request on their own pages
 * (answers, status and visible timeline, messages, documents, acknowledgement), and the files themselves. What only
 * agents see (internal notes and statuses, the processing history) is the administration's working file, not part of
 * what the citizen gets here.
 */
export async function exportCitizenData(services: Services, userId: string): Promise<PersonalDataPart> {
  const files: Array<{ path: string; sha256: string }> = [];
  const requests = [];
  for (const row of await listRequestsOfCitizen(services.db, userId, { limit: null, includeRerouted: true })) {
    const holder = await services.tenants.byId(row.tenant_id);
    if (!holder) continue;
    const view = await buildRequestView(services, holder, row);
    const folder = `fichiers/demandes/${view.number}`;
    const pathOfAttachment = new Map<string, string>();
    const documents = view.documents.map((d, index) => {
      const path = archivePath(folder, index, d.name);
      files.push({ path, sha256: d.sha256 });
      pathOfAttachment.set(d.id, path);
      pathOfAttachment.set(d.storedFileId, path);
      return { name: d.name, mediaType: d.mediaType, size: d.size, sha256: d.sha256, addedAt: d.createdAt, file: path };
    });
    requests.push({
      number: view.number,
      service: view.title,
      provider: view.provider.name,
      administrationInCharge: view.competent.name,
      trackingCode: view.trackingCode,
      status: view.status.label,
      submittedAt: view.submittedAt,
      updatedAt: view.updatedAt,
      contact: { email: row.contact_email, sms: row.contact_sms },
      answers: answersWithLabels(fieldLabels(view.definition), view.answers, (id) => pathOfAttachment.get(id)),
      timeline: view.timeline,
      messages: view.messages.map((m) => ({
        at: m.at,
        from: m.author === 'citizen' ? 'vous' : m.authorLabel,
        text: m.body,
        files: m.attachments.map((a) => pathOfAttachment.get(a.id)),
      })),
      documents,
      acknowledgement: view.acknowledgement,
    });
  }

  const draftRows = await listOpenDraftsOfCitizen(services.db, userId, { limit: null });
  const eservices = new Map(
    (
      await findEServicesByIds(
        services.db,
        draftRows.map((d) => d.eservice_id),
      )
    ).map((e) => [e.id, e]),
  );
  const drafts = [];
  for (const draft of draftRows) {
    const answers = draft.answers as Answers;
    const stored = await findStoredFiles(
      services.db,
      Object.values(answers).flatMap((v) => (isFileAnswer(v) ? [v.fileId] : [])),
    );
    const pathOfFile = new Map(
      stored.map((f, index) => {
        const path = archivePath(`fichiers/brouillons/${draft.id}`, index, f.original_name);
        files.push({ path, sha256: f.sha256 });
        return [f.id, path];
      }),
    );
    const form = await loadFormVersion(services.db, draft.form_version_id);
    drafts.push({
      id: draft.id,
      service: eservices.get(draft.eservice_id)?.title ?? null,
      provider: (await services.tenants.byId(draft.tenant_id))?.name ?? null,
      startedAt: draft.created_at,
      updatedAt: draft.updated_at,
      contact: draft.contact,
      answers: answersWithLabels(fieldLabels(form.definition), answers, (id) => pathOfFile.get(id)),
    });
  }
  return { data: { requests, drafts }, files };
}
