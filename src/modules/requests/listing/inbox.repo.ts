import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { RequestRow } from '../requests.tables.ts';

/** What an agent filters the inbox on; every filter is optional but the state. */
export type InboxFilters = {
  /** open: not in a final status; closed: in one. */
  state: 'open' | 'closed' | 'all';
  status?: string | undefined;
  eserviceId?: string | undefined;
  /** Submission dates, 'YYYY-MM-DD', Paris time, both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** 'roles': waiting in the queue of one of the viewer's roles (assign action "role"), nobody holding it yet. */
  assigned: 'any' | 'me' | 'unassigned' | 'others' | 'roles';
  /** The viewer's roles, for assigned = 'roles'. */
  roles?: Array<'agent' | 'admin'> | undefined;
  /** INSEE code of the commune where the request is located. */
  commune?: string | undefined;
  /** Words found in the number, tracking code, e-mail or answers, without accents or case. */
  text?: string | undefined;
  /** Services whose requests the viewer does not see (another team's): never part of a saved view. */
  excludedEserviceIds?: string[] | undefined;
};

export type InboxSort = 'newest' | 'oldest' | 'activity' | 'number';

export type InboxRow = {
  id: string;
  number: string;
  title: string;
  eservice_id: string;
  workflow_version_id: string;
  status: string;
  citizen_status: string;
  version: number;
  submitted_at: Date;
  activity_at: Date;
  closed_at: Date | null;
  paused_at: Date | null;
  commune_insee: string | null;
  assigned_user_id: string | null;
  assigned_role: 'agent' | 'admin' | null;
  assignee_name: string | null;
  /** The citizen wrote since the viewer last opened the request. */
  unread_message: boolean;
};

/** The largest count an inbox shows exactly ("plus de 10 000" beyond): counting a whole tenant costs too much. */
export const COUNT_CAP = 10_000;

const REQUEST_NUMBER = /^(TEST-)?[0-9A-Z]{2,12}-\d{4}-\d{6}$/;
const TRACKING_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** Paris midnight of a calendar date, as SQL computes it (DST included). */
const parisMidnight = (date: string) => sql<Date>`(${date}::date)::timestamp AT TIME ZONE 'Europe/Paris'`;

/** Up to this many matches, a word search goes through the trigram index (communs_request_search); beyond, a scan. */
const TEXT_CANDIDATES = 5000;

const wordPatterns = (text: string) =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)
    .map((word) => `%${word.replace(/[\\%_]/g, '\\$&')}%`);

const exactLookup = (text: string | undefined) => {
  const exact = text?.trim().toUpperCase();
  return exact && (REQUEST_NUMBER.test(exact) || TRACKING_CODE.test(exact)) ? exact : null;
};

/**
 * The requests holding every word of a free-text search, when there are few of them: the trigram index finds them
 * past row-level security (in the caller's tenant only). Null when there are many: filtering then costs less.
 */
function textCandidates(db: Executor, tenantId: string, f: InboxFilters): Promise<string[] | null> {
  const text = f.text;
  if (!text || exactLookup(text)) return Promise.resolve(null);
  // The page and its count ask in one transaction: the search runs once for both (never kept beyond a transaction).
  const known = (db.isTransaction ? searches.get(db) : undefined) ?? new Map<string, Promise<string[] | null>>();
  if (db.isTransaction) searches.set(db, known);
  const key = `${tenantId} ${text}`;
  let found = known.get(key);
  if (!found) {
    found = sql<{
      id: string;
    }>`SELECT communs_request_search(${tenantId}, ARRAY(SELECT communs_fold(p) FROM unnest(${wordPatterns(text)}::text[]) AS p), ${TEXT_CANDIDATES + 1}) AS id`
      .execute(db)
      .then((result) => (result.rows.length > TEXT_CANDIDATES ? null : result.rows.map((r) => r.id)));
    known.set(key, found);
  }
  return found;
}

const searches = new WeakMap<Executor, Map<string, Promise<string[] | null>>>();

/**
 * How a common word is matched when the trigram index found too many requests to list (see textCandidates). `count`:
 * as a join, which reads the search entries in one pass until the cap. `list`: row by row, in the listing's order,
 * so a page stops after its rows. The planner cannot tell the two apart, as it cannot estimate a `LIKE '%word%'` on
 * long texts (no statistics over 1 kB): left to itself, it joined and sorted 100 000 matches for a page of 50
 * (0.7 s on a million requests).
 */
type CommonWordMatch = 'count' | 'list';

function filtered(
  db: Executor,
  tenantId: string,
  userId: string | null,
  f: InboxFilters,
  candidates: string[] | null,
  commonWord: CommonWordMatch,
) {
  // A request sent on to the competent administration is that administration's now.
  let q = db.selectFrom('request').where('request.tenant_id', '=', tenantId).where('request.rerouted_to', 'is', null);
  if (f.state === 'open') q = q.where('request.closed_at', 'is', null);
  if (f.state === 'closed') q = q.where('request.closed_at', 'is not', null);
  if (f.status) q = q.where('request.status', '=', f.status);
  if (f.eserviceId) q = q.where('request.eservice_id', '=', f.eserviceId);
  if (f.excludedEserviceIds?.length) q = q.where('request.eservice_id', 'not in', f.excludedEserviceIds);
  if (f.from) q = q.where('request.submitted_at', '>=', parisMidnight(f.from));
  if (f.to)
    q = q.where('request.submitted_at', '<', sql<Date>`((${f.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`);
  if (f.assigned === 'unassigned') q = q.where('request.assigned_user_id', 'is', null);
  if (f.assigned === 'me') q = q.where('request.assigned_user_id', '=', userId);
  if (f.assigned === 'others') {
    q = q.where('request.assigned_user_id', 'is not', null);
    if (userId) q = q.where('request.assigned_user_id', '<>', userId);
  }
  if (f.assigned === 'roles')
    q = q
      .where('request.assigned_user_id', 'is', null)
      .where('request.assigned_role', 'in', f.roles?.length ? f.roles : ['agent', 'admin'])
      .where('request.assigned_role', 'is not', null);
  if (f.commune) q = q.where('request.commune_insee', '=', f.commune);
  const exact = exactLookup(f.text);
  if (exact) {
    // A number or a tracking code is looked up by equality: its unique index answers at once, under row-level
    // security too (LIKE is not leakproof, so a pattern cannot ride the trigram index in a tenant's scope).
    q = q.where((eb) => eb.or([eb('request.number', '=', exact), eb('request.tracking_code', '=', exact)]));
  } else if (candidates) {
    q = candidates.length ? q.where('request.id', 'in', candidates) : q.where(sql<boolean>`false`);
  } else if (f.text) {
    const patterns = wordPatterns(f.text);
    q = q.where(({ exists, selectFrom }) => {
      const entry = patterns.reduce(
        (s, pattern) => s.where('request_search.search_text', 'like', sql<string>`communs_fold(${pattern})`),
        selectFrom('request_search')
          .select('request_search.request_id')
          .whereRef('request_search.request_id', '=', 'request.id'),
      );
      // OFFSET 0 keeps the subquery from being turned into a join: it is then checked for each row the listing reads.
      return exists(commonWord === 'list' ? entry.offset(0) : entry);
    });
  }
  return q;
}

function sorted<O>(q: SelectQueryBuilder<DB, 'request', O>, sort: InboxSort) {
  switch (sort) {
    case 'oldest':
      return q.orderBy('request.submitted_at', 'asc').orderBy('request.id', 'asc');
    case 'activity':
      return q.orderBy('request.activity_at', 'desc').orderBy('request.id', 'desc');
    case 'number':
      return q.orderBy('request.number', 'asc');
    default:
      return q.orderBy('request.submitted_at', 'desc').orderBy('request.id', 'desc');
  }
}

const assigneeName = (eb: ExpressionBuilder<DB, 'request'>) =>
  eb
    .selectFrom('user_account')
    .select('user_account.display_name')
    .whereRef('user_account.id', '=', 'request.assigned_user_id')
    .as('assignee_name');

/** Whether the citizen wrote after the viewer last opened the request (never opened: any message of theirs). */
const unreadMessage = (eb: ExpressionBuilder<DB, 'request'>, userId: string | null) =>
  eb
    .exists(
      eb
        .selectFrom('request_message')
        .select('request_message.id')
        .whereRef('request_message.request_id', '=', 'request.id')
        .where('request_message.author', '=', 'citizen')
        .where(({ eb: inner, selectFrom, not, exists }) =>
          userId
            ? not(
                exists(
                  selectFrom('request_reading')
                    .select('request_reading.user_id')
                    .whereRef('request_reading.request_id', '=', 'request.id')
                    .where('request_reading.user_id', '=', userId)
                    .whereRef('request_reading.read_at', '>=', 'request_message.created_at'),
                ),
              )
            : inner.val(true),
        ),
    )
    .$castTo<boolean>()
    .as('unread_message');

/** What an export adds to a row of the listing. */
export type InboxExportRow = InboxRow & {
  tracking_code: string;
  contact_email: string;
  answers: Record<string, unknown>;
};

/**
 * One page of the agent's inbox: the tenant's requests with the filters, a sort and a page (offset), and one row
 * more than the page to tell whether another follows. Each filter rides an index of migration 0400.
 */
export async function listInbox(
  trx: TenantTransaction,
  userId: string | null,
  filters: InboxFilters,
  sort: InboxSort,
  page: { offset: number; limit: number },
): Promise<InboxRow[]> {
  const candidates = await textCandidates(trx, trx.tenantId, filters);
  return sorted(selectListing(filtered(trx, trx.tenantId, userId, filters, candidates, 'list'), userId), sort)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** The same listing with what an export needs (answers, contact, tracking code). */
export async function listInboxForExport(
  trx: TenantTransaction,
  userId: string | null,
  filters: InboxFilters,
  sort: InboxSort,
  page: { offset: number; limit: number },
): Promise<InboxExportRow[]> {
  const candidates = await textCandidates(trx, trx.tenantId, filters);
  const q = selectListing(filtered(trx, trx.tenantId, userId, filters, candidates, 'list'), userId).select([
    'request.tracking_code',
    'request.contact_email',
    'request.answers',
  ]);
  return (await sorted(q, sort).offset(page.offset).limit(page.limit).execute()) as InboxExportRow[];
}

function selectListing(q: ReturnType<typeof filtered>, userId: string | null) {
  return q.select((eb) => [
    'request.id',
    'request.number',
    sql<string>`request.acknowledgement->>'serviceTitle'`.as('title'),
    'request.eservice_id',
    'request.workflow_version_id',
    'request.status',
    'request.citizen_status',
    'request.version',
    'request.submitted_at',
    'request.activity_at',
    'request.closed_at',
    'request.paused_at',
    'request.commune_insee',
    'request.assigned_user_id',
    'request.assigned_role',
    assigneeName(eb),
    unreadMessage(eb, userId),
  ]);
}

/** How many requests match, counted up to cap + 1 (COUNT_CAP for the inbox). */
export async function countInbox(
  trx: TenantTransaction,
  userId: string | null,
  filters: InboxFilters,
  cap = COUNT_CAP,
): Promise<number> {
  const candidates = await textCandidates(trx, trx.tenantId, filters);
  const capped = filtered(trx, trx.tenantId, userId, filters, candidates, 'count')
    .select(sql<number>`1`.as('one'))
    .limit(cap + 1);
  const row = await trx
    .selectFrom(capped.as('capped'))
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Writes the free-text search entry of these requests (the job after each batch of submissions, and any request
 * written without one): number, tracking code, e-mail and answers, folded like the searched words. Already indexed
 * requests are left as they are, so running it twice changes nothing.
 */
export async function indexRequestsForSearch(db: Executor, requestIds: string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await sql`
    INSERT INTO request_search (request_id, tenant_id, search_text)
    SELECT id, tenant_id, communs_fold(number || ' ' || tracking_code || ' ' || contact_email || ' ' || answers::text)
    FROM request WHERE id = ANY(${requestIds}::uuid[])
    ON CONFLICT (request_id) DO NOTHING`.execute(db);
}

/** The requests a tenant received between two instants, oldest first (the agents' digest), `limit` at most. */
export async function listSubmittedBetween(
  trx: TenantTransaction,
  since: Date,
  upTo: Date,
  limit: number,
): Promise<Array<Pick<RequestRow, 'number' | 'submitted_at' | 'acknowledgement' | 'eservice_id'>>> {
  return trx
    .selectFrom('request')
    .select(['number', 'submitted_at', 'acknowledgement', 'eservice_id'])
    .where('tenant_id', '=', trx.tenantId)
    .where('submitted_at', '>=', since)
    .where('submitted_at', '<', upTo)
    .orderBy('submitted_at')
    .limit(limit)
    .execute();
}

/** The agent opened the request: its citizen's messages so far are read, for them. */
export async function markRequestRead(
  trx: TenantTransaction,
  requestId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('request_reading')
    .values({ tenant_id: trx.tenantId, request_id: requestId, user_id: userId, read_at: at })
    .onConflict((oc) => oc.columns(['request_id', 'user_id']).doUpdateSet({ read_at: at }))
    .execute();
}
