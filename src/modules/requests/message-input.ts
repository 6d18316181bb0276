import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { type AcceptedType, detectAcceptedType } from '../../platform/files/file-store.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { ACCEPTED_FILE_TYPES, checkPlainText, type FileUpload, MAX_FILE_BYTES } from '../forms/index.ts';
import { insertAttachment, insertMessage } from './requests.repo.ts';
import type { RequestMessageRow } from './requests.tables.ts';

export const MESSAGE_MAX_LENGTH = 5000;
const MESSAGE_FILE_TYPES = [...ACCEPTED_FILE_TYPES.image, ...ACCEPTED_FILE_TYPES.pdf];

export type CheckedMessage = { body: string; file: { upload: FileUpload; type: AcceptedType } | null };

/** A message of the thread: plain text, and at most one attachment checked by its content. Nothing is stored here. */
export async function checkMessage(
  body: string,
  upload: FileUpload | undefined,
): Promise<{ ok: true; message: CheckedMessage } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (!text) errors.message = 'Écrivez votre message.';
  else {
    const problem = checkPlainText(text, { maxLength: MESSAGE_MAX_LENGTH, multiline: true });
    if (problem) errors.message = problem;
  }
  let file: CheckedMessage['file'] = null;
  if (upload && upload.bytes.byteLength > 0) {
    if (upload.truncated || upload.bytes.byteLength > MAX_FILE_BYTES)
      errors.piece = `Le fichier « ${upload.filename} » dépasse 5 Mo : réduisez sa taille ou choisissez-en un autre.`;
    else {
      const type = await detectAcceptedType(upload.bytes, MESSAGE_FILE_TYPES);
      if (!type)
        errors.piece = `Le contenu du fichier « ${upload.filename} » n'est ni une image (PNG, JPEG, WebP) ni un PDF, quel que soit son nom.`;
      else file = { upload, type };
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, message: { body: text, file } };
}

/** Stores a checked message and its attachment in the holder's scope. */
export async function storeMessage(
  trx: Transaction<DB>,
  services: Services,
  input: {
    tenantId: string;
    requestId: string;
    author: 'citizen' | 'administration';
    authorUserId: string | null;
    authorLabel: string;
    message: CheckedMessage;
    at: Date;
  },
): Promise<RequestMessageRow> {
  const row = await insertMessage(trx, {
    tenantId: input.tenantId,
    requestId: input.requestId,
    author: input.author,
    authorUserId: input.authorUserId,
    authorLabel: input.authorLabel,
    body: input.message.body,
    at: input.at,
  });
  if (input.message.file) {
    const stored = await services.files.put(input.message.file.upload.bytes);
    const file = await insertStoredFile(trx, {
      tenantId: input.tenantId,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: input.message.file.type.mediaType,
      originalName: input.message.file.upload.filename,
      createdBy: input.authorUserId,
      at: input.at,
    });
    await insertAttachment(trx, {
      tenantId: input.tenantId,
      requestId: input.requestId,
      messageId: row.id,
      fieldKey: null,
      storedFileId: file.id,
      at: input.at,
    });
  }
  return row;
}
