import { addMonthsToInstant } from '../../platform/paris-time.ts';
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import {
  anonymiseRequests,
  findRequestsPastRetention,
  purgeRequestFiles,
  type RetentionCandidate,
} from '../requests/index.ts';
import type { RetentionRuleRow } from './privacy.tables.ts';
import { listRetentionRules } from './retention.repo.ts';

/** What one rule has due now: the rule (null: no rule) and the requests it concerns. */
export type RetentionDue = { rule: RetentionRuleRow; candidates: RetentionCandidate[] };

/** `months` calendar months before `at`; null when that part of the rule is not set. */
export function monthsBefore(at: Date, months: number | null): Date | null {
  return months === null ? null : addMonthsToInstant(at, -months);
}

/**
 * What the instance's rules have due at `at`: each e-service's own rule for its requests, the default rule for the
 * requests of every other service. Only closed requests, held by this instance (its controller), not yet anonymised.
 */
export async function dueRetention(trx: TenantTransaction, at: Date): Promise<RetentionDue[]> {
  const rules = await listRetentionRules(trx);
  const own = rules.filter((r) => r.eservice_id !== null);
  const fallback = rules.find((r) => r.eservice_id === null);
  const due: RetentionDue[] = [];
  for (const rule of [...own, ...(fallback ? [fallback] : [])]) {
    const limits = {
      anonymiseBefore: monthsBefore(at, rule.anonymise_after_months),
      purgeBefore: monthsBefore(at, rule.purge_files_after_months),
    };
    const scope = rule.eservice_id
      ? { eserviceIds: [rule.eservice_id] }
      : { except: own.map((r) => r.eservice_id as string) };
    const candidates = await findRequestsPastRetention(trx, scope, limits);
    if (candidates.length) due.push({ rule, candidates });
  }
  return due;
}

export type RetentionSummary = { anonymised: string[]; purged: string[]; simulated: string[] };

/**
 * Applies the instance's retention (issue 17 §3): an active rule anonymises and purges what is due, a rule not yet
 * active only lists it (dry run). Either way the audit log says which requests, by number, and what was (or would
 * have been) done — in the same transaction as the change.
 */
export async function applyRetention(
  services: Services,
  tenantId: string,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<RetentionSummary> {
  const at = services.clock.now();
  return withTenant(services.db, tenantId, async (trx) => {
    const summary: RetentionSummary = { anonymised: [], purged: [], simulated: [] };
    for (const { rule, candidates } of await dueRetention(trx, at)) {
      const anonymise = candidates.filter((c) => c.anonymise);
      const purge = candidates.filter((c) => c.purgeFiles);
      if (rule.active) {
        await anonymiseRequests(
          trx,
          anonymise.map((c) => c.id),
          at,
        );
        await purgeRequestFiles(
          trx,
          purge.map((c) => c.id),
          at,
        );
        summary.anonymised.push(...anonymise.map((c) => c.number));
        summary.purged.push(...purge.map((c) => c.number));
      } else summary.simulated.push(...candidates.map((c) => c.number));
      await recordAudit(trx, {
        actor,
        tenantId,
        action: rule.active ? 'privacy.retention.apply' : 'privacy.retention.dry_run',
        target: { type: 'retention_rule', id: rule.id },
        details: {
          eserviceId: rule.eservice_id,
          anonymised: anonymise.map((c) => c.number),
          filesPurged: purge.map((c) => c.number),
        },
        at,
      });
    }
    return summary;
  });
}
