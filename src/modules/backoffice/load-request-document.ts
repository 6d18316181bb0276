import { withTenant } from '../../platform/db/tenant-scope.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findRequestDocument } from './agent-request-view.ts';

export type RequestDocumentFile = { name: string; mediaType: string; bytes: Buffer };

/** A document of this request, to download: only a file the request holds, never another stored file. */
export async function loadRequestDocument(
  services: Services,
  holder: ResolvedTenant,
  requestId: string,
  fileId: string,
): Promise<RequestDocumentFile | undefined> {
  const row = await withTenant(services.db, holder.id, async (trx) =>
    (await findRequestDocument(trx, requestId, fileId)) ? findStoredFile(trx, fileId) : undefined,
  );
  const bytes = row ? await services.files.get(row.sha256) : undefined;
  return row && bytes ? { name: row.original_name, mediaType: row.media_type, bytes } : undefined;
}
