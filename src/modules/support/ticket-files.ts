import { detectAcceptedType, IMAGE_TYPES } from '../../platform/files/file-store.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';

/** A screenshot or a PDF, at most 5 MB, recognised by its bytes (never by its name or the browser's claim). */
export const TICKET_FILE_TYPES = [...IMAGE_TYPES, { mediaType: 'application/pdf', label: 'PDF' }];
export const MAX_TICKET_FILE_BYTES = 5 * 1024 * 1024;

export type TicketUpload = { filename: string; bytes: Buffer; truncated: boolean };

/** Why a file is refused, in French, or null when it is accepted. */
export async function checkTicketFile(upload: TicketUpload): Promise<string | null> {
  if (upload.truncated || upload.bytes.byteLength > MAX_TICKET_FILE_BYTES)
    return 'Le fichier dépasse 5 Mo : réduisez-le ou envoyez une capture d’écran.';
  if (upload.bytes.byteLength === 0) return 'Le fichier est vide.';
  if (!(await detectAcceptedType(upload.bytes, TICKET_FILE_TYPES)))
    return 'Ce type de fichier n’est pas accepté : joignez une image (PNG, JPEG, WebP) ou un PDF.';
  return null;
}

/** Stores an accepted file in the commune's tenant. */
export async function storeTicketFile(
  services: Services,
  trx: TenantTransaction,
  upload: TicketUpload,
  createdBy: string | null,
): Promise<{ id: string; name: string }> {
  const type = await detectAcceptedType(upload.bytes, TICKET_FILE_TYPES);
  if (!type) throw new Error('file not checked before storing');
  const stored = await services.files.put(upload.bytes);
  const row = await insertStoredFile(trx, {
    tenantId: trx.tenantId,
    sha256: stored.sha256,
    byteSize: stored.byteSize,
    mediaType: type.mediaType,
    originalName: upload.filename,
    createdBy,
    at: services.clock.now(),
  });
  return { id: row.id, name: upload.filename.slice(0, 255) };
}
