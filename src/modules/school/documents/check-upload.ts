import { checkUpload, type Upload } from '../../../platform/files/checked-upload.ts';
import type { AcceptedType } from '../../../platform/files/file-store.ts';
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

/** A file sent to a school's message or documents space: at most 5 Mo, of an accepted type by its bytes. */
export const checkSchoolUpload = (upload: Upload) => checkUpload(upload, SCHOOL_FILE_TYPES, MAX_SCHOOL_FILE_BYTES);
