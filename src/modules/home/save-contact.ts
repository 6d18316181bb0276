import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type ContactInput, saveContact } from './contact.repo.ts';

/** Each field may stay empty (the home page then leaves it out), but what is typed must be usable. */
export const ZContact = z.object({
  address: z.string().trim().max(500, 'L’adresse : 500 caractères au plus').default(''),
  phone: z
    .string()
    .trim()
    .max(40, 'Le téléphone : 40 caractères au plus')
    .regex(/^$|^\+?[\d\s.()-]{6,}$/, 'Saisissez un numéro de téléphone, par exemple 04 72 00 00 00')
    .default(''),
  email: z
    .string()
    .trim()
    .max(254, 'Le courriel : 254 caractères au plus')
    .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Saisissez une adresse de courriel, par exemple mairie@commune.fr')
    .default(''),
  opening_hours: z.string().trim().max(1000, 'Les horaires : 1 000 caractères au plus').default(''),
});

/** A commune's administrator updates its contact details and opening hours (issue 23 §2); audited. */
export async function saveTenantContact(
  services: Services,
  tenant: ResolvedTenant,
  contact: ContactInput,
  actor: AuditActor,
): Promise<void> {
  const at = services.clock.now();
  await withTenant(services.db, tenant.id, async (trx) => {
    await saveContact(trx, contact, at);
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'home.contact.save',
      target: { type: 'tenant', id: tenant.id },
      at,
    });
  });
}
