import { z } from 'zod';
import { parseFormBody } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { type FileUpload, type RawAnswers, rawFromHtml } from '../forms/index.ts';
import type { StepButton } from './agent-request-view.ts';
import { ZId, ZText, ZTicked } from './input-schemas.ts';
import { stepField } from './views/request-actions.tsx';

/**
 * The forms of a request's back-office page: its steps (transitions and buttons), assignment, messages and notes.
 * Each sends the version of the request the agent saw; a missing or malformed one is no version (-1), which the
 * engine refuses as a stale form.
 */

export const ZButtonParams = z.object({ id: ZId, key: z.string() });
export const ZDocumentParams = z.object({ id: ZId, fileId: ZId });

const ZVersion = z.string().transform(Number).pipe(z.number().int().positive()).catch(-1);
/** A text field a form may not have at all. */
const ZOptionalText = z.string().optional().catch(undefined);

export const ZTransitionForm = z.object({ version: ZVersion, vers: ZText });
export const ZVersionForm = z.object({ version: ZVersion });
export const ZAssignForm = z.object({
  version: ZVersion,
  agent: ZText,
  reprise: ZTicked,
});
export const ZMessageForm = z.object({ message: ZText });
export const ZNoteForm = z.object({ note: ZText });

const isUpload = (value: RawAnswers[string]): value is FileUpload =>
  typeof value === 'object' && !Array.isArray(value) && value?.kind === 'upload';

/** The document a form attaches (an image or a PDF, 5 MB at most), if one was chosen. */
export async function attachedFile(body: unknown, key: string, label: string): Promise<FileUpload | undefined> {
  const raw = await rawFromHtml(
    [{ type: 'file', key, label, required: false, accept: ['image', 'pdf'], maxBytes: 5 * 1024 * 1024 }],
    body,
  );
  const value = raw[key];
  return isUpload(value) ? value : undefined;
}

/**
 * What a step's form sent: its text, its note and its document, under the step's own field names (several step forms
 * share the page); what was typed, to redraw the form; and the engine's errors renamed after the form's fields.
 */
export async function readStepForm(body: unknown, button: Pick<StepButton, 'kind' | 'key'>) {
  const names = { texte: stepField('texte', button), note: stepField('note', button) };
  const typed = parseFormBody(z.object({ [names.texte]: ZOptionalText, [names.note]: ZOptionalText }), body);
  const text = typed[names.texte];
  const note = typed[names.note];
  return {
    raw: { text, note, upload: await attachedFile(body, stepField('piece', button), 'Document') },
    values: { [names.texte]: (text ?? '').slice(0, 4000), [names.note]: (note ?? '').slice(0, 4000) },
    rename: (errors: FieldErrors) =>
      Object.fromEntries(
        Object.entries(errors).map(([k, v]) => [
          k === 'texte' || k === 'piece' || k === 'note' ? stepField(k, button) : k,
          v,
        ]),
      ),
  };
}
