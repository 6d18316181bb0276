import { deleteStoredFiles } from '../../platform/files/stored-files.repo.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';

/** A closed request whose retention has ended, and what is due on it. */
export type RetentionCandidate = {
  id: string;
  number: string;
  eserviceId: string;
  closedAt: Date;
  anonymise: boolean;
  purgeFiles: boolean;
};

/**
 * The closed requests of the transaction's tenant (their holder: the controller, P6) for which one retention rule is
 * due: of the given e-services, or of every e-service but the given ones (`except`, the instance's default rule).
 * `anonymiseBefore` / `purgeBefore`: requests closed before it are due; null, that part of the rule is not set.
 */
export async function findRequestsPastRetention(
  trx: TenantTransaction,
  scope: { eserviceIds: string[] } | { except: string[] },
  limits: { anonymiseBefore: Date | null; purgeBefore: Date | null },
): Promise<RetentionCandidate[]> {
  const { anonymiseBefore, purgeBefore } = limits;
  const latest = [anonymiseBefore, purgeBefore].filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0];
  if (!latest) return [];
  if ('eserviceIds' in scope && scope.eserviceIds.length === 0) return [];
  let query = trx
    .selectFrom('request')
    .select(['id', 'number', 'eservice_id', 'closed_at', 'anonymised_at', 'files_purged_at'])
    .where('tenant_id', '=', trx.tenantId)
    .where('anonymised_at', 'is', null)
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', latest);
  if ('eserviceIds' in scope) query = query.where('eservice_id', 'in', scope.eserviceIds);
  else if (scope.except.length > 0) query = query.where('eservice_id', 'not in', scope.except);
  const rows = await query.orderBy('closed_at').execute();
  return rows.flatMap((r) => {
    const closedAt = r.closed_at as Date;
    const anonymise = anonymiseBefore !== null && closedAt < anonymiseBefore;
    const purgeFiles = !anonymise && r.files_purged_at === null && purgeBefore !== null && closedAt < purgeBefore;
    return anonymise || purgeFiles
      ? [{ id: r.id, number: r.number, eserviceId: r.eservice_id, closedAt, anonymise, purgeFiles }]
      : [];
  });
}

/**
 * Removes the requests' files: their attachment rows, then the stored-file rows no other request still uses (a
 * request re-routed within one administration shares its files); the bytes go with the platform's daily sweep.
 */
export async function purgeRequestFiles(trx: TenantTransaction, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  const purged = await trx
    .deleteFrom('request_attachment')
    .where('tenant_id', '=', trx.tenantId)
    .where('request_id', 'in', ids)
    .returning('stored_file_id')
    .execute();
  const fileIds = [...new Set(purged.map((p) => p.stored_file_id))];
  if (fileIds.length > 0) {
    const stillUsed = await trx
      .selectFrom('request_attachment')
      .select('stored_file_id')
      .where('stored_file_id', 'in', fileIds)
      .execute();
    const used = new Set(stillUsed.map((r) => r.stored_file_id));
    await deleteStoredFiles(
      trx,
      fileIds.filter((id) => !used.has(id)),
    );
  }
  await trx
    .updateTable('request')
    .set({ files_purged_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', 'in', ids)
    .where('files_purged_at', 'is', null)
    .execute();
}

/**
 * Anonymises closed requests (issue 17 §3): answers, contact, the account link, routing details, the messages' text
 * and the files go; the service, holder, commune, dates and statuses stay, so statistics still count them. The
 * status history and the agents' events are append-only and stay as written (they name no citizen: the actor of a
 * citizen's step is labelled "usager").
 */
export async function anonymiseRequests(trx: TenantTransaction, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await purgeRequestFiles(trx, ids, at);
  await trx
    .updateTable('request_message')
    .set({ body: '(message effacé à la fin de sa durée de conservation)', author_user_id: null })
    .where('tenant_id', '=', trx.tenantId)
    .where('request_id', 'in', ids)
    .execute();
  await trx
    .updateTable('request_message')
    .set({ author_label: 'Usager' })
    .where('tenant_id', '=', trx.tenantId)
    .where('request_id', 'in', ids)
    .where('author', '=', 'citizen')
    .execute();
  await trx
    .updateTable('request_search')
    .set((eb) => ({ search_text: eb.ref('request_id') }))
    .where('tenant_id', '=', trx.tenantId)
    .where('request_id', 'in', ids)
    .execute();
  await trx
    .updateTable('request')
    .set({
      answers: JSON.stringify({}),
      citizen_user_id: null,
      contact_email: '',
      contact_sms: null,
      idempotency_fingerprint: '',
      anonymised_at: at,
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', 'in', ids)
    .execute();
}
