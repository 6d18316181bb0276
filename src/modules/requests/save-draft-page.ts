import { parisDay } from '../../platform/paris-time.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import {
  type Answers,
  checkAnswers,
  holdAppointments,
  type LoadedForm,
  type RawAnswers,
  visiblePages,
} from '../forms/index.ts';
import { updateDraft } from './drafts.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';

export type SaveDraftPageOptions = {
  draft: RequestDraftRow;
  form: LoadedForm;
  page: number;
  raw: RawAnswers;
  /** Autosave from the enhancement script: keep what is valid, report nothing, store no file. */
  lenient: boolean;
  uploadedBy: string | null;
};

export type SaveDraftPageResult =
  { ok: true; answers: Answers; next: number | 'review' } | { ok: false; errors: FieldErrors };

/**
 * Saves one page of a draft (drafts are saved at every page, so a citizen resumes where they left). A page with an
 * error stores nothing at all, files included; the citizen is told what to correct.
 */
export async function saveDraftPage(services: Services, options: SaveDraftPageOptions): Promise<SaveDraftPageResult> {
  const { draft, form } = options;
  const now = services.clock.now();
  const check = await checkAnswers(form.definition, options.raw, {
    known: draft.answers as Answers,
    page: options.page,
    today: parisDay(now),
    lenient: options.lenient,
  });
  if (Object.keys(check.errors).length) return { ok: false, errors: check.errors };
  // A time chosen for an appointment is held for the citizen now (another may take it before the request is sent).
  const held = await holdAppointments(services, {
    tenantId: draft.tenant_id,
    definition: form.definition,
    known: draft.answers as Answers,
    answers: check.answers,
    lenient: options.lenient,
  });
  if (Object.keys(held.errors).length) return { ok: false, errors: held.errors };
  const answers = held.answers;
  await withTenant(services.db, draft.tenant_id, async (trx) => {
    for (const pending of check.uploads) {
      const stored = await services.files.put(pending.upload.bytes);
      const file = await insertStoredFile(trx, {
        tenantId: draft.tenant_id,
        sha256: stored.sha256,
        byteSize: stored.byteSize,
        mediaType: pending.type.mediaType,
        originalName: pending.upload.filename,
        createdBy: options.uploadedBy,
        at: now,
      });
      answers[pending.key] = {
        fileId: file.id,
        name: file.original_name,
        size: file.byte_size,
        mediaType: file.media_type,
      };
    }
    const pages = visiblePages(form.definition, answers);
    const reached = options.lenient
      ? draft.reached_page
      : Math.max(draft.reached_page, pages.find((p) => p > options.page) ?? pages.length);
    await updateDraft(trx, draft.id, { answers, reachedPage: reached, at: now });
  });
  const next = visiblePages(form.definition, answers).find((p) => p > options.page);
  return { ok: true, answers, next: next ?? 'review' };
}
