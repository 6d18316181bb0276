import type { Executor } from '../db/tenant-scope.ts';
import type { AuditEvent } from '../db/schema.ts';

/** Who did it, as the audit log records it: the account and a readable label kept even if the account goes. */
export type AuditActor = { userId: string | null; label: string; ip: string | null };

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'système', ip: null };

export type AuditEntry = {
  actor: AuditActor;
  tenantId: string | null;
  action: string;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  at: Date;
};

/**
 * Appends to the audit log. Call it with the transaction of the change it records, so that the change and its trace
 * commit together. The table refuses UPDATE, DELETE and TRUNCATE (trigger), so history cannot be rewritten.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      occurred_at: entry.at,
      actor_user_id: entry.actor.userId,
      actor_label: entry.actor.label,
      tenant_id: entry.tenantId,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.actor.ip,
    })
    .execute();
}

export type AuditQuery = { tenantId?: string | null; action?: string; before?: string; limit: number };

/** Newest first, keyset-paginated on the id (`before`). */
export async function listAuditEvents(db: Executor, query: AuditQuery): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.tenantId) q = q.where('tenant_id', '=', query.tenantId);
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (query.before) q = q.where('id', '<', query.before);
  return q.execute();
}

/** What the log holds about one person, newest first: what they did and what was done to their account. */
export async function listAuditOfUser(
  db: Executor,
  userId: string,
  limit: number,
): Promise<Array<Pick<AuditEvent, 'occurred_at' | 'action' | 'ip'>>> {
  return db
    .selectFrom('audit_event')
    .select(['occurred_at', 'action', 'ip'])
    .where((eb) =>
      eb.or([
        eb('actor_user_id', '=', userId),
        eb.and([eb('target_type', '=', 'user_account'), eb('target_id', '=', userId)]),
      ]),
    )
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
}
