import type { Executor } from '../db/tenant-scope.ts';
import type { Services } from '../services.ts';
import { type AcceptedType, detectAcceptedType } from './file-store.ts';
import { insertStoredFile } from './stored-files.repo.ts';

/** A file chosen in a multipart form, with whether the size cap cut it. */
export type Upload = { filename: string; bytes: Buffer; truncated: boolean };

type Part = { filename?: unknown; toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } };

/** The file of a multipart form's file input `name`; undefined when none was chosen. */
export async function uploadOf(body: unknown, name: string): Promise<Upload | undefined> {
  if (!body || typeof body !== 'object') return undefined;
  const entry = (body as Record<string, unknown>)[name];
  const part = (Array.isArray(entry) ? entry[0] : entry) as Part | undefined;
  if (!part || typeof part !== 'object' || typeof part.filename !== 'string' || part.filename === '') return undefined;
  if (typeof part.toBuffer !== 'function') return undefined;
  const bytes = await part.toBuffer();
  return { filename: part.filename.slice(0, 200), bytes, truncated: !!part.file?.truncated };
}

/**
 * An upload checked by its size and its bytes (never its name or the browser's claim): its type, or why it is
 * refused, in French.
 */
export async function checkUpload(
  upload: Upload,
  accepted: AcceptedType[],
  maxBytes: number,
): Promise<{ ok: true; type: AcceptedType } | { ok: false; error: string }> {
  if (upload.truncated || upload.bytes.byteLength > maxBytes)
    return { ok: false, error: `Le fichier dépasse ${Math.round(maxBytes / 1024 / 1024)} Mo.` };
  if (upload.bytes.byteLength === 0) return { ok: false, error: 'Le fichier est vide.' };
  const type = await detectAcceptedType(upload.bytes, accepted);
  if (!type)
    return {
      ok: false,
      error: `Ce type de fichier n’est pas accepté : joignez un fichier ${accepted.map((a) => a.label).join(', ')}.`,
    };
  return { ok: true, type };
}

/** Stores a checked upload and its row (in the caller's transaction, and its tenant's scope when it has one). */
export async function storeUpload(
  services: Services,
  db: Executor,
  options: { tenantId: string; upload: Upload; type: AcceptedType; createdBy: string | null },
) {
  const stored = await services.files.put(options.upload.bytes);
  return insertStoredFile(db, {
    tenantId: options.tenantId,
    sha256: stored.sha256,
    byteSize: stored.byteSize,
    mediaType: options.type.mediaType,
    originalName: options.upload.filename,
    createdBy: options.createdBy,
    at: services.clock.now(),
  });
}
