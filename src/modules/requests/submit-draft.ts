import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { EServiceRow } from '../catalogue/index.ts';
import { type Answers, checkAnswers, isEmailAddress, type LoadedForm, normaliseFrenchPhone } from '../forms/index.ts';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import { findRequestHolder } from './requests.repo.ts';
import type { RequestDraftRow } from './requests.tables.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { checkAccess } from './start-draft.ts';
import type { SubmitResult } from './submission.ts';
import { submitRequest } from './submit-request.ts';

export type SubmitDraftOptions = {
  draft: RequestDraftRow;
  eservice: EServiceRow;
  provider: ResolvedTenant;
  form: LoadedForm;
  citizen: CitizenPrincipal | null;
  /** From the review page: where to send the acknowledgement (anonymous), and an optional phone for SMS. */
  contactEmail: string;
  sms: string;
  /** The hidden field of the review page; must be the draft's own. */
  idempotencyKey: string;
};

export type SubmitDraftResult =
  | { kind: 'submitted'; result: SubmitResult }
  | { kind: 'already-submitted'; requestId: string; holder: ResolvedTenant }
  /** Answers to correct first (the earliest page with an error), else the review page's own fields. */
  | { kind: 'invalid'; errors: FieldErrors; page: { index: number; errors: FieldErrors } | null }
  | { kind: 'refused'; reason: string };

/**
 * Sends a draft. Every answer is checked again against the pinned form (a change of an earlier answer may have
 * revealed a required question); a draft sent twice (reload, double click) gives back its one request.
 */
export async function submitDraft(services: Services, options: SubmitDraftOptions): Promise<SubmitDraftResult> {
  const { draft, eservice, provider, form, citizen } = options;
  if (draft.submitted_request_id) {
    const request = await findSubmitted(services, draft.submitted_request_id);
    if (request) return { kind: 'already-submitted', ...request };
  }
  if (options.idempotencyKey !== draft.idempotency_key)
    return { kind: 'refused', reason: 'Ce formulaire ne correspond plus à votre brouillon : rechargez la page.' };
  const refusal = await checkAccess(services, eservice, citizen);
  if (refusal) return { kind: 'refused', reason: refusal };

  const check = await checkAnswers(
    form.definition,
    {},
    { known: draft.answers as Answers, today: parisDay(services.clock.now()) },
  );
  const errors: FieldErrors = {};
  const contactEmail = citizen ? citizen.email : options.contactEmail.trim();
  if (!citizen && !isEmailAddress(contactEmail)) {
    errors.contact_email = contactEmail
      ? 'Saisissez une adresse électronique valide, par exemple prenom.nom@example.org.'
      : "Saisissez votre adresse électronique : l'accusé de réception et le suivi y seront envoyés.";
  }
  const sms = options.sms.trim() ? normaliseFrenchPhone(options.sms) : null;
  if (options.sms.trim() && !sms)
    errors.sms =
      'Saisissez un numéro de téléphone portable français, par exemple 06 12 34 56 78, ou laissez ce champ vide.';
  const pages = Object.values(check.errorPages);
  if (pages.length) {
    const first = Math.min(...pages);
    const pageErrors = Object.fromEntries(
      Object.entries(check.errors).filter(([key]) => check.errorPages[key] === first),
    );
    return { kind: 'invalid', errors, page: { index: first, errors: pageErrors } };
  }
  if (Object.keys(errors).length) return { kind: 'invalid', errors, page: null };
  const result = await submitRequest(services, {
    eservice,
    provider,
    form,
    answers: check.answers,
    uploads: [],
    citizen,
    contact: { email: contactEmail, sms },
    idempotency: { key: draft.idempotency_key, fingerprint: `draft:${draft.id}` },
    draft: { id: draft.id, tenantId: draft.tenant_id },
  });
  return { kind: 'submitted', result };
}

async function findSubmitted(
  services: Services,
  requestId: string,
): Promise<{ requestId: string; holder: ResolvedTenant } | undefined> {
  // The request may be held by another tenant than the draft's (routing): only its holder is needed here.
  const holderId = await findRequestHolder(services.db, requestId);
  const holder = holderId ? await services.tenants.byId(holderId) : undefined;
  return holder ? { requestId, holder } : undefined;
}
