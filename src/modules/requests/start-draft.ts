import { randomUUID } from 'node:crypto';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { EServiceRow } from '../catalogue/catalogue.tables.ts';
import type { Answers } from '../forms/answers.ts';
import { type IdentityAttribute, inputFields } from '../forms/form-definition.ts';
import { loadFormVersion } from '../forms/form-versions.ts';
import type { CitizenPrincipal } from './citizen-auth.ts';
import { citizenIdentity } from './citizen-identity.ts';
import { type DraftOwner, insertDraft } from './drafts.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';

export type AccessRefusal = 'login-required' | 'certified-required' | 'unavailable';

/** Whether this citizen may use the e-service (its access rule: anonymous, signed in, or FranceConnect-certified). */
export async function checkAccess(services: Services, eservice: EServiceRow, citizen: CitizenPrincipal | null): Promise<AccessRefusal | null> {
  if (eservice.status !== 'published' || !eservice.published_form_version_id) return 'unavailable';
  if (eservice.access === 'anonymous') return null;
  if (!citizen) return 'login-required';
  if (eservice.access === 'certified' && !(await citizenIdentity(services.db).isCertified(citizen.userId))) return 'certified-required';
  return null;
}

export type StartDraftOptions = { eservice: EServiceRow; provider: ResolvedTenant; citizen: CitizenPrincipal | null; owner: DraftOwner };

/**
 * Starts filling an e-service's form: a draft pinned to the published form version, prefilled from the identity
 * record with what the citizen consented to share (G4), carrying the idempotency key its final submission will use.
 */
export async function startDraft(services: Services, options: StartDraftOptions): Promise<{ ok: true; draft: RequestDraftRow } | { ok: false; reason: AccessRefusal }> {
  const { eservice, provider, citizen } = options;
  const refusal = await checkAccess(services, eservice, citizen);
  if (refusal || !eservice.published_form_version_id) return { ok: false, reason: refusal ?? 'unavailable' };
  const form = await loadFormVersion(services.db, eservice.published_form_version_id);
  const answers: Answers = {};
  if (citizen) {
    const wanted = inputFields(form.definition).flatMap((f) => ('prefill' in f && f.prefill ? [[f.key, f.prefill] as const] : []));
    const attributes = [...new Set(wanted.map(([, a]) => a))] as IdentityAttribute[];
    const known = attributes.length
      ? await citizenIdentity(services.db).consentedAttributes(citizen.userId, { providerTenantId: provider.id, eserviceSlug: eservice.slug, attributes })
      : {};
    for (const [key, attribute] of wanted) {
      const value = known[attribute];
      if (value !== undefined) answers[key] = value;
    }
  }
  const draft = await withTenant(services.db, provider.id, (trx) =>
    insertDraft(trx, {
      tenantId: provider.id,
      eserviceId: eservice.id,
      formVersionId: form.id,
      owner: options.owner,
      answers,
      idempotencyKey: randomUUID(),
      at: services.clock.now(),
    }),
  );
  return { ok: true, draft };
}
