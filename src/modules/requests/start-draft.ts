import { randomUUID } from 'node:crypto';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { EServiceRow } from '../catalogue/index.ts';
import {
  type Answers,
  type FormDefinition,
  type IdentityAttribute,
  inputFields,
  loadFormVersion,
} from '../forms/index.ts';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { citizenIdentity } from './citizen-identity.ts';
import { type DraftOwner, insertDraft } from './drafts.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';

export type AccessRefusal = 'login-required' | 'certified-required' | 'unavailable';

/** Whether this citizen may use the e-service (its access rule: anonymous, signed in, or FranceConnect-certified). */
export async function checkAccess(
  services: Services,
  eservice: EServiceRow,
  citizen: CitizenPrincipal | null,
): Promise<AccessRefusal | null> {
  if (eservice.status !== 'published' || !eservice.published_form_version_id) return 'unavailable';
  if (eservice.access === 'anonymous') return null;
  if (!citizen) return 'login-required';
  if (eservice.access === 'certified' && !(await citizenIdentity(services).isCertified(citizen.userId)))
    return 'certified-required';
  return null;
}

export type StartDraftOptions = {
  eservice: EServiceRow;
  provider: ResolvedTenant;
  citizen: CitizenPrincipal | null;
  owner: DraftOwner;
};

/** The fields a form prefills, with the attribute each asks for, and those attributes once each. */
export function prefillRequestOf(definition: FormDefinition): {
  fields: Array<readonly [string, IdentityAttribute]>;
  attributes: IdentityAttribute[];
} {
  const fields = inputFields(definition).flatMap((f) =>
    'prefill' in f && f.prefill ? [[f.key, f.prefill] as const] : [],
  );
  return { fields, attributes: [...new Set(fields.map(([, a]) => a))] };
}

/** Answers taken from the identity record under the consent in force for this e-service: nothing without one. */
export async function prefilledAnswers(
  services: Services,
  userId: string,
  eserviceId: string,
  definition: FormDefinition,
): Promise<Answers> {
  const { fields, attributes } = prefillRequestOf(definition);
  if (!attributes.length) return {};
  const known = await citizenIdentity(services).consentedAttributes(userId, eserviceId, attributes);
  const answers: Answers = {};
  for (const [key, attribute] of fields) {
    const value = known[attribute];
    if (value !== undefined) answers[key] = value;
  }
  return answers;
}

export type StartDraftResult =
  { ok: true; draft: RequestDraftRow; consentNeeded: boolean } | { ok: false; reason: AccessRefusal };

/**
 * Starts filling an e-service's form: a draft pinned to the published form version, carrying the idempotency key its
 * final submission will use. A signed-in citizen's draft is prefilled from the identity record with what they consented
 * to share with this e-service; with no decision yet, the draft starts empty and `consentNeeded` sends them to the
 * consent step first.
 */
export async function startDraft(services: Services, options: StartDraftOptions): Promise<StartDraftResult> {
  const { eservice, provider, citizen } = options;
  const refusal = await checkAccess(services, eservice, citizen);
  if (refusal || !eservice.published_form_version_id) return { ok: false, reason: refusal ?? 'unavailable' };
  const form = await loadFormVersion(services.db, eservice.published_form_version_id);
  let answers: Answers = {};
  let consentNeeded = false;
  if (citizen) {
    const { attributes } = prefillRequestOf(form.definition);
    consentNeeded =
      attributes.length > 0 &&
      (await citizenIdentity(services).pendingConsent(citizen.userId, eservice.id, attributes)) !== null;
    if (!consentNeeded) answers = await prefilledAnswers(services, citizen.userId, eservice.id, form.definition);
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
  return { ok: true, draft, consentNeeded };
}
