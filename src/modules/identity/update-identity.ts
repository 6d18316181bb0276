import { recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { deleteAttribute, listAttributes, writeAttribute } from './identity.repo.ts';

/** Attributes a citizen declares on their account page (the e-mail has its own confirmation flow). */
export const DECLARABLE_ATTRIBUTES = [
  'given_name',
  'family_name',
  'preferred_username',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'phone_number',
  'address',
] as const;
export type DeclarableAttribute = (typeof DECLARABLE_ATTRIBUTES)[number];

/**
 * The citizen fills or corrects their identity record. An attribute certified by FranceConnect is locked:
 * it is left as it is whatever the form says. An empty field removes a declared attribute.
 */
export async function updateIdentity(
  services: Services,
  options: { userId: string; values: Partial<Record<DeclarableAttribute, string | null>>; ip: string; label: string },
): Promise<{ changed: string[]; locked: string[] }> {
  const now = services.clock.now();
  const current = new Map((await listAttributes(services.db, options.userId)).map((a) => [a.name, a]));
  const changed: string[] = [];
  const locked: string[] = [];
  await services.db.transaction().execute(async (trx) => {
    for (const name of DECLARABLE_ATTRIBUTES) {
      if (!(name in options.values)) continue;
      const value = options.values[name] ?? null;
      const existing = current.get(name);
      if (existing?.source === 'franceconnect') {
        if (value !== null && value !== existing.value) locked.push(name);
        continue;
      }
      if (value === null) {
        if (existing) {
          await deleteAttribute(trx, options.userId, name);
          changed.push(name);
        }
      } else if (existing?.value !== value) {
        await writeAttribute(trx, options.userId, { name, value, source: 'self', verifiedAt: null, acr: null }, now);
        changed.push(name);
      }
    }
    if (changed.length) {
      await recordAudit(trx, {
        actor: { userId: options.userId, label: options.label, ip: options.ip },
        tenantId: null,
        action: 'identity.record.update',
        target: { type: 'user_account', id: options.userId },
        details: { attributes: changed },
        at: now,
      });
    }
  });
  return { changed, locked };
}
