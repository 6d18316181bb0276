import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { Answers, IdentityAttribute, LoadedForm } from '../forms/index.ts';
import { citizenIdentity, type PrefillConsumer } from './citizen-identity.ts';
import { updateDraft } from './drafts.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';
import { prefilledAnswers, prefillRequestOf } from './start-draft.ts';

export type DecidePrefillConsentOptions = {
  draft: RequestDraftRow;
  form: LoadedForm;
  consumer: PrefillConsumer;
  userId: string;
  /** The attributes ticked; none is a refusal ("continue without prefill"), recorded as such. */
  approved: IdentityAttribute[];
  ip: string | null;
};

/**
 * The citizen's answer to the consent step: recorded through the identity service (listed and revocable on
 * the account page, reused until revoked), then the draft is prefilled with exactly the approved attributes. What the
 * citizen already typed in the draft is kept.
 */
export async function decidePrefillConsent(services: Services, options: DecidePrefillConsentOptions): Promise<void> {
  const { draft, form, consumer, userId } = options;
  const { attributes } = prefillRequestOf(form.definition);
  await citizenIdentity(services).recordConsent({
    userId,
    consumer,
    requested: attributes,
    approved: options.approved,
    ip: options.ip,
  });
  const prefilled = await prefilledAnswers(services, userId, consumer.eserviceId, form.definition);
  if (Object.keys(prefilled).length === 0) return;
  const answers: Answers = { ...prefilled, ...(draft.answers as Answers) };
  await withTenant(services.db, draft.tenant_id, (trx) =>
    updateDraft(trx, draft.id, { answers, reachedPage: draft.reached_page, at: services.clock.now() }),
  );
}
