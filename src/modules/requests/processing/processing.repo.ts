import { isUuid } from '../../../platform/db/uuid.ts';
import { randomBytes } from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Executor, TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { RequestEventKind, RequestEventRow, RequestRow, RequestTimerRow } from '../requests.tables.ts';

/**
 * The processing state of requests, their history beyond status changes, timed jumps and webhook secrets. Runs in
 * the holding tenant's scope, except the timer scan (platform work, across tenants).
 */

/** Reads a request and locks its row until the transaction ends: the one lock every processing change takes. */
export async function lockRequest(trx: TenantTransaction, id: string): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('request')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export type ProcessingChange = {
  status?: { key: string; citizenKey: string; visibleToCitizen: boolean; final: boolean; waiting: boolean };
  assignment?: { userId: string | null; role: 'agent' | 'admin' | null };
};

/**
 * Applies a processing change to a locked request: bumps its version, records the activity, and for a status
 * change the clock (a wait for the citizen pauses it; leaving one adds the wait to paused_seconds) and the closing.
 */
export async function updateProcessing(
  db: Executor,
  request: RequestRow,
  change: ProcessingChange,
  at: Date,
): Promise<RequestRow> {
  const values: Updateable<DB['request']> = { version: request.version + 1, activity_at: at };
  if (change.status) {
    const { status } = change;
    const waitedSeconds = request.paused_at
      ? Math.max(0, Math.round((at.getTime() - request.paused_at.getTime()) / 1000))
      : 0;
    Object.assign(values, {
      status: status.key,
      citizen_status: status.citizenKey,
      status_entered_at: at,
      paused_seconds: request.paused_seconds + waitedSeconds,
      paused_at: status.waiting ? at : null,
      closed_at: status.final ? at : null,
      ...(status.visibleToCitizen ? { updated_at: at } : {}),
    });
  }
  if (change.assignment) {
    Object.assign(values, {
      assigned_user_id: change.assignment.userId,
      assigned_role: change.assignment.role,
      assigned_at: change.assignment.userId || change.assignment.role ? at : null,
    });
  }
  return db.updateTable('request').set(values).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
}

export type NewRequestEvent = {
  tenantId: string;
  requestId: string;
  at: Date;
  kind: RequestEventKind;
  actorUserId: string | null;
  actorLabel: string;
  statusChangeId?: string | null;
  summary: string;
  details?: Record<string, unknown>;
};

export async function insertRequestEvent(db: Executor, event: NewRequestEvent): Promise<string> {
  const row = await db
    .insertInto('request_event')
    .values({
      tenant_id: event.tenantId,
      request_id: event.requestId,
      at: event.at,
      kind: event.kind,
      actor_user_id: event.actorUserId,
      actor_label: event.actorLabel,
      status_change_id: event.statusChangeId ?? null,
      summary: event.summary,
      details: JSON.stringify(event.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listRequestEvents(db: Executor, requestId: string): Promise<RequestEventRow[]> {
  return db.selectFrom('request_event').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
}

/** Closes the timers of a request's current stay (it changed status). */
export async function closeTimers(db: Executor, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable('request_timer')
    .set({ closed_at: at })
    .where('request_id', '=', requestId)
    .where('closed_at', 'is', null)
    .execute();
}

export async function insertTimer(
  db: Executor,
  timer: {
    tenantId: string;
    requestId: string;
    fromStatus: string;
    statusEnteredAt: Date;
    toStatus: string;
    label: string;
    delayMinutes: number;
    dueAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('request_timer')
    .values({
      tenant_id: timer.tenantId,
      request_id: timer.requestId,
      from_status: timer.fromStatus,
      status_entered_at: timer.statusEnteredAt,
      to_status: timer.toStatus,
      label: timer.label,
      delay_minutes: timer.delayMinutes,
      due_at: timer.dueAt,
    })
    .execute();
}

/** Timers come due, every tenant together (platform work: the recurring job's scan). */
/** Open timers (every tenant's: the worker's scan) due by `now`, or only those due after `after` too. */
export async function listDueTimers(db: Executor, now: Date, limit: number, after?: Date): Promise<RequestTimerRow[]> {
  return db
    .selectFrom('request_timer')
    .selectAll()
    .where('closed_at', 'is', null)
    .where('due_at', '<=', now)
    .$if(after !== undefined, (q) => q.where('due_at', '>', after ?? now))
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

export async function findOpenTimer(db: Executor, id: string): Promise<RequestTimerRow | undefined> {
  return db
    .selectFrom('request_timer')
    .selectAll()
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function postponeTimer(db: Executor, id: string, dueAt: Date): Promise<void> {
  await db.updateTable('request_timer').set({ due_at: dueAt }).where('id', '=', id).execute();
}

export async function closeTimer(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('request_timer').set({ closed_at: at }).where('id', '=', id).execute();
}

export async function listOpenTimers(db: Executor, requestId: string): Promise<RequestTimerRow[]> {
  return db
    .selectFrom('request_timer')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('closed_at', 'is', null)
    .orderBy('due_at')
    .execute();
}

/** The tenant's webhook signing secret, made on first use. */
export async function webhookSecret(trx: TenantTransaction, at: Date): Promise<string> {
  await trx
    .insertInto('webhook_secret')
    .values({ tenant_id: trx.tenantId, secret: randomBytes(32).toString('base64url'), created_at: at })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('webhook_secret')
    .select('secret')
    .where('tenant_id', '=', trx.tenantId)
    .executeTakeFirstOrThrow();
  return row.secret;
}

/** How many requests of this tenant are pinned to each workflow version (what a version change leaves untouched). */
export async function countRequestsByWorkflowVersion(trx: TenantTransaction): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('request')
    .select(['workflow_version_id', sql<string>`count(*)`.as('n')])
    .where('tenant_id', '=', trx.tenantId)
    .groupBy('workflow_version_id')
    .execute();
  return new Map(rows.map((r) => [r.workflow_version_id, Number(r.n)]));
}

/** A note or a message counts as a change for timed jumps ("without change"), without touching the version. */
export async function touchActivity(db: Executor, requestId: string, at: Date): Promise<void> {
  await db.updateTable('request').set({ activity_at: at }).where('id', '=', requestId).execute();
}

/** A request relayed at submission is closed from the start (its submission set its final status). */
export async function markClosed(db: Executor, requestId: string, at: Date): Promise<void> {
  await db
    .updateTable('request')
    .set({ closed_at: at })
    .where('id', '=', requestId)
    .where('closed_at', 'is', null)
    .execute();
}
