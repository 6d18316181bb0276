import { randomBytes } from 'node:crypto';
import { instanceBase } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { EServiceRow, LegalRegime } from '../catalogue/index.ts';
import type { Answers, LoadedForm, PendingUpload } from '../forms/index.ts';
import type { WorkflowDefinition } from '../workflows/index.ts';
import type { Acknowledgement, Transmission } from './acknowledgement.ts';
import type { CitizenPrincipal } from '../../platform/auth/access-tokens.ts';
import type { RequestRow, SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';

/** A submission as the web form and the JSON API hand it over. */
export type SubmitRequestOptions = {
  eservice: EServiceRow;
  provider: ResolvedTenant;
  form: LoadedForm;
  /** Validated answers; files already stored in the provider's tenant (a draft's) are FileAnswers. */
  answers: Answers;
  /** Validated uploads not stored yet (one-shot API submission). */
  uploads: PendingUpload[];
  citizen: CitizenPrincipal | null;
  contact: { email: string; sms: string | null };
  /** The same key from the same citizen for the same service never makes two requests (DESIGN invariant 2). */
  idempotency: { key: string; fingerprint: string };
  draft?: { id: string; tenantId: string };
};

/** A submission routed and given its identifiers, waiting for its number and its place in a batch. */
export type PreparedSubmission = SubmitRequestOptions & {
  legal: LegalRegime;
  routing: RoutingDecision;
  holder: ResolvedTenant;
  workflow: WorkflowDefinition;
  receivedAt: Date;
  /** The year of receipt in Paris, which numbers restart with. */
  year: number;
  id: string;
  trackingCode: string;
  /** Who the idempotency key belongs to: a citizen's keys never collide with another's. */
  scope: string;
  /** A request an agent sends on to another administration: the one it came from. */
  transmission?: Transmission | undefined;
};

export type SubmitResult = {
  replayed: boolean;
  request: SubmittedRequestRow;
  acknowledgement: Acknowledgement;
  routing: RoutingDecision;
  holder: ResolvedTenant;
};

/** "K7M2-XQ9P-4HDT": 60 random bits in Crockford's base 32 (no I, L, O, U), easy to read out and type. */
export function newTrackingCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Numbers say who holds the request and when: MET-2026-000042 (metropolis), 69091-2026-000007 (Givors). */
export function requestNumber(holder: ResolvedTenant, year: number, sequence: number): string {
  const code = holder.kind === 'metropole' ? 'MET' : (holder.insee_code ?? holder.slug.slice(0, 12).toUpperCase());
  return `${holder.isTestInstance ? 'TEST-' : ''}${code}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function requestPath(
  holder: Pick<ResolvedTenant, 'kind' | 'slug' | 'environment'>,
  request: Pick<RequestRow, 'id' | 'tracking_code' | 'citizen_user_id'>,
): string {
  const base = instanceBase(holder);
  return request.citizen_user_id ? `${base}/mes-demandes/${request.id}` : `${base}/suivi/${request.tracking_code}`;
}
