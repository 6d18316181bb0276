import { type AcceptedType, detectAcceptedType } from '../../../platform/files/file-store.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { ACCEPTED_FILE_TYPES, checkPlainText, type FileUpload, MAX_FILE_BYTES } from '../../forms/index.ts';
import { fileInputOf, textInputOf, type WorkflowAction } from '../../workflows/index.ts';

/** What an agent typed or attached when pressing a button, once checked. */
export type StepInput = {
  text: string | null;
  file: { upload: FileUpload; type: AcceptedType } | null;
  note: string | null;
};

export const NO_INPUT: StepInput = { text: null, file: null, note: null };

/** The form fields a button's input arrives in, for the error summary. */
export const STEP_FIELDS = { texte: 'Texte', piece: 'Document', note: 'Précision pour l’usager' } as const;

const DOCUMENT_TYPES = [...ACCEPTED_FILE_TYPES.image, ...ACCEPTED_FILE_TYPES.pdf];

/**
 * Checks what a button needs from the agent: its text (a question, a comment) when one of its actions takes the
 * agent's words, its document when it attaches one, and the optional note shown to the citizen with a new status.
 */
export async function checkStepInput(
  actions: readonly WorkflowAction[],
  raw: { text?: string | undefined; note?: string | undefined; upload?: FileUpload | undefined },
): Promise<{ ok: true; input: StepInput } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const wantsText = textInputOf(actions);
  const wantsFile = fileInputOf(actions);
  const clean = (value: string | undefined) => (value ?? '').replace(/\r\n?/g, '\n').trim();
  const text = clean(raw.text);
  if (wantsText && !text)
    errors.texte = wantsText.type === 'askCitizen' ? 'Écrivez votre question à l’usager.' : 'Écrivez le texte.';
  else if (wantsText) {
    const problem = checkPlainText(text, { maxLength: 4000, multiline: true });
    if (problem) errors.texte = problem;
  }
  const note = clean(raw.note);
  if (note) {
    const problem = checkPlainText(note, { maxLength: 1000, multiline: true });
    if (problem) errors.note = problem;
  }
  let file: StepInput['file'] = null;
  const upload = raw.upload && raw.upload.bytes.byteLength > 0 ? raw.upload : undefined;
  if (wantsFile && !upload && wantsFile.required) errors.piece = 'Choisissez le document à joindre.';
  if (wantsFile && upload) {
    if (upload.truncated || upload.bytes.byteLength > MAX_FILE_BYTES)
      errors.piece = `Le fichier « ${upload.filename} » dépasse 5 Mo : réduisez sa taille ou choisissez-en un autre.`;
    else {
      const type = await detectAcceptedType(upload.bytes, DOCUMENT_TYPES);
      if (!type)
        errors.piece = `Le contenu du fichier « ${upload.filename} » n'est ni une image (PNG, JPEG, WebP) ni un PDF, quel que soit son nom.`;
      else file = { upload, type };
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { text: wantsText ? text : null, file, note: note || null } };
}
