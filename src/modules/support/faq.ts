import type { FastifyRequest } from 'fastify';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { hasRole, isOperator } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/guards.ts';
import type { Services } from '../../platform/services.ts';
import { type ResolvedTenant, tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import { searchEServices } from '../catalogue/index.ts';
import { deleteFaq, type FaqInput, findOwnFaq, insertFaq, listOwnFaq, searchFaq, updateFaq } from './faq.repo.ts';
import type { FaqRow } from './support.tables.ts';
import type { FaqEntryView } from './views/help-pages.tsx';

/** Reading the FAQ (public) and keeping it (the metropolis's operators; a Partenaire commune for its own services). */

const viewOf = (row: FaqRow): FaqEntryView => ({
  id: row.id,
  question: row.question,
  answer: row.answer,
  service_slug: row.service_slug,
  serviceTitle: row.service_title,
});

/** Entries of the administrations a visitor of this instance deals with: the metropolis's and the commune's own. */
async function visibleTenantIds(services: Services, browsing: ResolvedTenant): Promise<string[] | undefined> {
  if (browsing.kind === 'metropole') return undefined;
  return [(await services.tenants.metropole()).id, browsing.production.id, browsing.id];
}

export async function findFaqAnswers(
  services: Services,
  browsing: ResolvedTenant,
  query: { q: string; serviceSlug?: string | undefined; limit?: number },
): Promise<FaqEntryView[]> {
  const rows = await searchFaq(services.db, {
    words: query.q.slice(0, 300),
    serviceSlug: query.serviceSlug,
    withGeneral: true,
    tenantIds: await visibleTenantIds(services, browsing),
    limit: query.limit ?? 50,
  });
  return rows.map(viewOf);
}

/**
 * The administration whose FAQ the signed-in person keeps on this instance: operators keep the metropolis's (general
 * questions and its services), a Partenaire commune's administrators keep their commune's (it builds its own
 * services). Anyone else: 404, as for any administration page.
 */
export function faqMaintainer(request: FastifyRequest): { tenant: ResolvedTenant; general: boolean } {
  const user = requireUser(request);
  const { tenant } = request;
  if (tenant.isTestInstance) throw notFound();
  if (tenant.kind === 'metropole' && isOperator(user)) return { tenant, general: true };
  if (tenant.kind === 'commune' && hasRole(user, tenant, 'admin') && tenantMayUse(tenant, 'instance.build-eservices'))
    return { tenant, general: false };
  throw notFound();
}

export function mayMaintainFaq(request: FastifyRequest): boolean {
  try {
    faqMaintainer(request);
    return true;
  } catch {
    return false;
  }
}

/** The services an entry may be about: the administration's own published ones. */
export async function faqServiceChoices(
  services: Services,
  owner: { tenant: ResolvedTenant; general: boolean },
): Promise<Array<{ value: string; label: string }>> {
  const own = await searchEServices(services, { browsing: owner.tenant, q: '', provider: owner.tenant, limit: 200 });
  return [
    ...(owner.general ? [{ value: '', label: 'Question générale sur la plateforme' }] : []),
    ...own.map((entry) => ({ value: entry.eservice.slug, label: entry.eservice.title })),
  ];
}

export async function listFaqOf(services: Services, tenant: ResolvedTenant): Promise<FaqEntryView[]> {
  return (await withTenant(services.db, tenant.id, (trx) => listOwnFaq(trx))).map(viewOf);
}

export async function findFaqOf(services: Services, tenant: ResolvedTenant, id: string): Promise<FaqRow | undefined> {
  return withTenant(services.db, tenant.id, (trx) => findOwnFaq(trx, id));
}

/** Adds or changes an entry, audited. `id` null adds one. */
export async function saveFaqEntry(
  services: Services,
  options: {
    tenant: ResolvedTenant;
    id: string | null;
    actor: AuditActor;
    entry: Omit<FaqInput, 'by' | 'at'>;
  },
): Promise<boolean> {
  const at = services.clock.now();
  const input: FaqInput = { ...options.entry, by: options.actor.label, at };
  return withTenant(services.db, options.tenant.id, async (trx) => {
    let id = options.id;
    if (id) {
      if (!(await findOwnFaq(trx, id))) return false;
      await updateFaq(trx, id, input);
    } else id = (await insertFaq(trx, input)).id;
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: options.id ? 'support.faq.update' : 'support.faq.create',
      target: { type: 'support_faq', id },
      details: { service: input.serviceSlug, question: input.question },
      at,
    });
    return true;
  });
}

export async function deleteFaqEntry(
  services: Services,
  options: { tenant: ResolvedTenant; id: string; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.tenant.id, async (trx) => {
    const existing = await findOwnFaq(trx, options.id);
    if (!existing || !(await deleteFaq(trx, options.id))) return false;
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: 'support.faq.delete',
      target: { type: 'support_faq', id: options.id },
      details: { question: existing.question },
      at,
    });
    return true;
  });
}
