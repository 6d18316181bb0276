import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { effectiveDate, maxLastDay } from './agreement-terms.ts';
import { findLatestAgreement, insertAgreement, insertAnnexes } from './agreements.repo.ts';
import type { Agreement } from './agreements.tables.ts';
import { applyDueChanges } from './apply-due-changes.ts';
import { formatCalendarDate, parisDay } from '../../platform/paris-time.ts';

export type RecordAgreementOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  communeSignedOn: string;
  metropoleSignedOn: string;
  /** One annex per subscribed service (art. 14); Toodego with its offer (annexe Toodego §12). */
  services: Record<SharedService, SubscriptionOffer>;
  /** What the commune was billed before the agreement, per paid service, for the transition (art. 10.2). */
  previouslyBilledCents: Partial<Record<SharedService, number>>;
};

export type RecordAgreementResult = { ok: true; agreement: Agreement } | { ok: false; errors: Record<string, string> };

/**
 * An operator records a commune's signed framework agreement and its annexes. It takes effect at the later
 * signature (art. 2) and runs six years at most; the annexes follow it. When it is already in force, the commune's
 * subscriptions follow at once (the same path as the daily job), so the whole platform knows the offer.
 */
export async function recordAgreement(
  services: Services,
  options: RecordAgreementOptions,
): Promise<RecordAgreementResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  const today = parisDay(now);
  const errors: Record<string, string> = {};
  if (options.communeSignedOn > today)
    errors.communeSignedOn = 'La date de signature de la commune ne peut pas être dans le futur.';
  if (options.metropoleSignedOn > today)
    errors.metropoleSignedOn = 'La date de signature de la Métropole ne peut pas être dans le futur.';
  const subscribed = (Object.entries(options.services) as Array<[SharedService, SubscriptionOffer]>).filter(
    ([, offer]) => offer !== 'none',
  );
  if (subscribed.length === 0)
    errors.toodego =
      'Choisissez au moins un service : la convention comporte une annexe par service mis à disposition (art. 14).';
  if (Object.keys(errors).length) return { ok: false, errors };

  const effectiveOn = effectiveDate(options.communeSignedOn, options.metropoleSignedOn);
  const lastDay = maxLastDay(effectiveOn);
  const result = await withTenant(services.db, commune.id, async (trx) => {
    const existing = await findLatestAgreement(trx);
    if (existing && existing.last_day >= effectiveOn) {
      return {
        ok: false as const,
        errors: {
          communeSignedOn: `Une convention est déjà en vigueur jusqu'au ${formatCalendarDate(existing.last_day)} : elle doit prendre fin avant d'en signer une nouvelle.`,
        },
      };
    }
    const agreement = await insertAgreement(trx, {
      reference: `CC-${commune.insee_code ?? commune.slug}-${effectiveOn.slice(0, 4)}`,
      commune_signed_on: options.communeSignedOn,
      metropole_signed_on: options.metropoleSignedOn,
      effective_on: effectiveOn,
      max_last_day: lastDay,
      last_day: lastDay,
      created_at: now,
      created_by_label: actor.label,
    });
    await insertAnnexes(
      trx,
      subscribed.map(([service, offer]) => ({
        agreement_id: agreement.id,
        service,
        offer,
        starts_on: effectiveOn,
        last_day: lastDay,
        previously_billed_cents: options.previouslyBilledCents[service] ?? null,
        created_at: now,
      })),
    );
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.record',
      target: { type: 'agreement', id: agreement.id },
      details: {
        reference: agreement.reference,
        communeSignedOn: options.communeSignedOn,
        metropoleSignedOn: options.metropoleSignedOn,
        effectiveOn,
        services: Object.fromEntries(subscribed),
        previouslyBilledCents: options.previouslyBilledCents,
      },
      at: now,
    });
    return { ok: true as const, agreement };
  });
  if (result.ok && effectiveOn <= today) await applyDueChanges(services, { today, tenantId: commune.id });
  return result;
}
