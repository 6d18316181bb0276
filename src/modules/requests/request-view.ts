import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServiceById, type Provider, providerOf } from '../catalogue/index.ts';
import { type Answers, type FormDefinition, loadFormVersion } from '../forms/index.ts';
import type { Acknowledgement } from './acknowledgement.ts';
import { type AttachmentView, listAttachments, listMessages, listStatusChanges } from './requests.repo.ts';
import type { SubmittedRequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';
import { loadWorkflow, statusOf } from '../workflows/index.ts';

/** Everything a citizen sees of one request: its status and timeline, messages, documents and answers. */
export type RequestView = {
  id: string;
  number: string;
  trackingCode: string;
  title: string;
  provider: Provider;
  /** The administration in charge, with its logo when it is a tenant of the platform. */
  competent: Provider;
  routing: RoutingDecision;
  status: { key: string; label: string; final: boolean };
  submittedAt: Date;
  updatedAt: Date;
  timeline: Array<{ at: Date; label: string; note: string | null }>;
  messages: Array<{
    id: string;
    author: 'citizen' | 'administration';
    authorLabel: string;
    body: string;
    at: Date;
    attachments: AttachmentView[];
  }>;
  documents: AttachmentView[];
  definition: FormDefinition;
  answers: Answers;
  acknowledgement: Acknowledgement;
  contactEmail: string;
};

/** The competent administration as a provider badge: a tenant's name and logo, or a relayed commune's name. */
export async function competentProvider(services: Services, routing: RoutingDecision): Promise<Provider> {
  const tenant = routing.competent.tenantSlug ? await services.tenants.bySlug(routing.competent.tenantSlug) : undefined;
  return tenant
    ? providerOf(tenant)
    : { name: routing.competent.name, slug: '', kind: routing.competent.kind, logoUrl: null, base: '' };
}

export async function providerOfEService(services: Services, eserviceId: string): Promise<Provider | undefined> {
  const eservice = await findEServiceById(services.db, eserviceId);
  const tenant = eservice ? await services.tenants.byId(eservice.tenant_id) : undefined;
  return tenant ? providerOf(tenant) : undefined;
}

export async function citizenStatusLabel(
  services: Services,
  request: SubmittedRequestRow,
): Promise<{ key: string; label: string; final: boolean }> {
  const workflow = await loadWorkflow(services.db, request.workflow_version_id);
  const status = statusOf(workflow, request.citizen_status);
  return {
    key: request.citizen_status,
    label: status?.citizenLabel ?? request.citizen_status,
    final: status?.final ?? false,
  };
}

export async function buildRequestView(
  services: Services,
  holder: ResolvedTenant,
  request: SubmittedRequestRow,
): Promise<RequestView> {
  const workflow = await loadWorkflow(services.db, request.workflow_version_id);
  const [changes, messages, attachments] = await withTenant(services.db, holder.id, async (trx) =>
    Promise.all([
      listStatusChanges(trx, request.id, { citizenView: true }),
      listMessages(trx, request.id),
      listAttachments(trx, request.id),
    ]),
  );
  const routing = request.routing as RoutingDecision;
  const form = await loadFormVersion(services.db, request.form_version_id);
  const provider = (await providerOfEService(services, request.eservice_id)) ?? providerOf(holder);
  const acknowledgement = request.acknowledgement as Acknowledgement;
  return {
    id: request.id,
    number: request.number,
    trackingCode: request.tracking_code,
    title: acknowledgement.serviceTitle,
    provider,
    competent: await competentProvider(services, routing),
    routing,
    status: await citizenStatusLabel(services, request),
    submittedAt: request.submitted_at,
    updatedAt: request.updated_at,
    timeline: changes.map((c) => ({
      at: c.at,
      label: statusOf(workflow, c.to_status)?.citizenLabel ?? c.to_status,
      note: c.note,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      authorLabel: m.author_label,
      body: m.body,
      at: m.created_at,
      attachments: attachments.filter((a) => a.messageId === m.id),
    })),
    documents: attachments,
    definition: form.definition,
    answers: request.answers as Answers,
    acknowledgement,
    contactEmail: request.contact_email,
  };
}
