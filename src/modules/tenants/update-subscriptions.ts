import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/services.ts';
import {
  findTestInstance,
  hostNamesTakenElsewhere,
  setSubscription,
  updateTenantContact,
  upsertTenant,
} from '../../platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

export type UpdateSubscriptionsOptions = {
  tenant: ResolvedTenant;
  actor: AuditActor;
  subscriptions: Record<SharedService, SubscriptionOffer>;
  contactEmail: string | null;
  hostNames: string[];
};

export type UpdateSubscriptionsResult = { ok: true; changed: string[] } | { ok: false; hostNamesTaken: string[] };

/**
 * An operator records a commune's subscriptions as they stand. Every change is audited with its before and
 * after; a commune on the Partenaire offer gets its test instance (annexe Toodego §6.1.b) the moment it needs one.
 * The contractual side of an offer change (notice, amendment) belongs to the agreements module.
 */
export async function updateSubscriptions(
  services: Services,
  options: UpdateSubscriptionsOptions,
): Promise<UpdateSubscriptionsResult> {
  const { tenant, actor } = options;
  const now = services.clock.now();
  const taken = await hostNamesTakenElsewhere(services.db, tenant.id, options.hostNames);
  if (taken.length) return { ok: false, hostNamesTaken: taken };
  const changed: string[] = [];
  await services.db.transaction().execute(async (trx) => {
    for (const [service, offer] of Object.entries(options.subscriptions) as Array<[SharedService, SubscriptionOffer]>) {
      const before = tenant.offers.subscriptions[service] ?? 'none';
      if (before === offer) continue;
      await setSubscription(trx, {
        tenantId: tenant.id,
        service,
        offer,
        since: now.toISOString().slice(0, 10),
        at: now,
      });
      await recordAudit(trx, {
        actor,
        tenantId: tenant.id,
        action: 'subscription.update',
        target: { type: 'subscription', id: `${tenant.slug}/${service}` },
        details: { service, from: before, to: offer },
        at: now,
      });
      changed.push(service);
    }
    if (options.subscriptions.toodego === 'partenaire' && !(await findTestInstance(trx, tenant.id))) {
      const testInstance = await upsertTenant(trx, {
        slug: `${tenant.slug}-test`,
        kind: 'commune',
        name: `${tenant.name} (test)`,
        insee_code: tenant.insee_code,
        siren: tenant.siren,
        population: tenant.population,
        population_municipale: tenant.population_municipale,
        population_year: tenant.population_year,
        environment: 'test',
        production_tenant_id: tenant.id,
        theme: tenant.theme,
      });
      await recordAudit(trx, {
        actor,
        tenantId: tenant.id,
        action: 'tenant.test-instance.create',
        target: { type: 'tenant', id: testInstance.id },
        details: { slug: testInstance.slug },
        at: now,
      });
    }
    const contactChanged =
      (tenant.contact_email ?? null) !== options.contactEmail ||
      tenant.host_names.join(',') !== options.hostNames.join(',');
    if (contactChanged) {
      await updateTenantContact(trx, tenant.id, { contact_email: options.contactEmail, host_names: options.hostNames });
      await recordAudit(trx, {
        actor,
        tenantId: tenant.id,
        action: 'tenant.contact.update',
        target: { type: 'tenant', id: tenant.id },
        details: {
          from: { contactEmail: tenant.contact_email, hostNames: tenant.host_names },
          to: { contactEmail: options.contactEmail, hostNames: options.hostNames },
        },
        at: now,
      });
      changed.push('contact');
    }
  });
  services.tenants.invalidate();
  return { ok: true, changed };
}
