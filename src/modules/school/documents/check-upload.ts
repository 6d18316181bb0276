import { type AcceptedType, detectAcceptedType } from '../../../platform/files/file-store.ts';
import { ACCEPTED_FILE_TYPES, MAX_FILE_BYTES } from '../../forms/index.ts';

/** What a school's messages and documents accept, recognised by content: images, PDF, office documents. */
export const SCHOOL_FILE_TYPES: AcceptedType[] = [
  ...ACCEPTED_FILE_TYPES.image,
  ...ACCEPTED_FILE_TYPES.pdf,
  { mediaType: 'application/vnd.oasis.opendocument.text', label: 'ODT' },
  { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'ODS' },
  { mediaType: 'application/vnd.oasis.opendocument.presentation', label: 'ODP' },
  { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'DOCX' },
  { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'XLSX' },
  { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PPTX' },
];
export const SCHOOL_FILE_LABELS = SCHOOL_FILE_TYPES.map((t) => t.label).join(', ');
export const MAX_SCHOOL_FILE_BYTES = MAX_FILE_BYTES;

export type Upload = { filename: string; bytes: Buffer; truncated: boolean };

/**
 * A file sent to a school's service: at most 5 Mo and of an accepted type by its first bytes, whatever its name says.
 * Gives its type, or the French sentence naming what is wrong.
 */
export async function checkUpload(upload: Upload): Promise<{ type: AcceptedType } | { error: string }> {
  const name = upload.filename.slice(0, 200);
  if (upload.truncated || upload.bytes.byteLength > MAX_SCHOOL_FILE_BYTES)
    return { error: `Le fichier « ${name} » dépasse ${MAX_SCHOOL_FILE_BYTES / 1024 / 1024} Mo.` };
  const type = await detectAcceptedType(upload.bytes, SCHOOL_FILE_TYPES);
  if (!type)
    return {
      error: `Le contenu du fichier « ${name} » n'est pas d'un type accepté (${SCHOOL_FILE_LABELS}), quel que soit son nom.`,
    };
  return { type };
}
