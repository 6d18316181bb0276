import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findContact, saveContact } from './contact.repo.ts';
import { insertNews, listNewsOf } from './news.repo.ts';

/** DEMO DATA: fictitious contact details (example.org) of the three demo communes, one per offer. */
const DEMO_CONTACTS: Record<string, { address: string; phone: string; email: string; opening_hours: string }> = {
  givors: {
    address: 'Place Camille-Vallin\n69700 Givors',
    phone: '04 72 00 18 18',
    email: 'mairie@givors.example.org',
    opening_hours: 'Lundi au vendredi : 8 h 30 – 12 h, 13 h 30 – 17 h\nSamedi : 9 h – 12 h (état civil)',
  },
  venissieux: {
    address: '5, avenue Marcel-Houël\n69200 Vénissieux',
    phone: '04 72 00 30 30',
    email: 'mairie@venissieux.example.org',
    opening_hours: 'Lundi au vendredi : 8 h 30 – 17 h',
  },
  'rillieux-la-pape': {
    address: '165, rue Ampère\n69140 Rillieux-la-Pape',
    phone: '04 72 00 01 01',
    email: 'mairie@rillieux-la-pape.example.org',
    opening_hours: 'Lundi au vendredi : 8 h 30 – 12 h, 13 h 30 – 17 h',
  },
};

/** The demo communes' home pages show their contact details and opening hours. Left alone once written. */
export async function seedHomeDemo(services: Services): Promise<void> {
  const at = services.clock.now();
  for (const [slug, contact] of Object.entries(DEMO_CONTACTS)) {
    const tenant = await services.tenants.bySlug(slug);
    if (!tenant) continue;
    await withTenant(services.db, tenant.id, async (trx) => {
      if (!(await findContact(trx))) await saveContact(trx, contact, at);
    });
  }
}

/** DEMO DATA: one news item of Givors's own, on its home page and the metropolis's. */
export async function seedHomeNewsDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  if (!givors) return;
  await withTenant(services.db, givors.id, async (trx) => {
    if ((await listNewsOf(trx, 1)).length > 0) return;
    await insertNews(trx, {
      title: 'Inscriptions à la médiathèque en ligne',
      body: 'La carte de lecteur se demande désormais en ligne, sans se déplacer.',
      at: new Date(services.clock.now().getTime() - 2 * 24 * 3600_000),
      byLabel: 'Mairie de Givors',
    });
  });
}
